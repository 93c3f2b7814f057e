import { invalid } from './errors.js';

/**
 * A customer account of one store, as upstream's `customer_Full` holds it (Customers v3), less
 * what Consign does not keep (attributes, form fields, channels). The password is not part of it:
 * only its hash is stored, beside the customer, and never leaves the store layer except to be
 * verified.
 */
export interface Customer {
  readonly id: number;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly company: string;
  readonly phone: string;
  readonly notes: string;
  readonly customerGroupId: number;
  readonly acceptsMarketingEmails: boolean;
  /** Upstream's `authentication.force_password_reset`: kept and shown, not enforced. */
  readonly forcePasswordReset: boolean;
  readonly registrationIpAddress: string;
  readonly dateCreated: string;
  readonly dateModified: string;
}

/** What a new customer is made of; the id and dates come from the store and the clock. */
export type NewCustomer = Omit<Customer, 'id' | 'dateCreated' | 'dateModified'>;

/** The fields an update may change; absent ones keep their value. */
export type CustomerChanges = Partial<Omit<Customer, 'id' | 'dateCreated' | 'dateModified' | 'registrationIpAddress'>>;

/** Upstream's sizes (customer_Full). */
export const CUSTOMER_LIMITS = { email: 255, name: 100, company: 255, phone: 50, password: 512 } as const;

/** Upstream creates and updates at most 10 customers in one call. */
export const CUSTOMERS_PER_REQUEST = 10;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The form in which emails are compared: trimmed and lower-cased. Upstream's emails are unique per
 * store whatever their case (`Jane@Example.com` and `jane@example.com` are one account); the
 * database holds this form under a unique constraint, so two requests at once cannot both win.
 *
 * @example emailKey(' Jane@Example.COM ') === 'jane@example.com'
 */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** Checks an email as upstream would take it, and returns it trimmed. */
export function checkEmail(email: string, field = 'email'): string {
  const trimmed = email.trim();
  if (trimmed.length < 3 || trimmed.length > CUSTOMER_LIMITS.email || !EMAIL.test(trimmed)) {
    throw invalid(`The email address '${email}' is not valid.`, { [field]: 'is not a valid email address' });
  }
  return trimmed;
}

/**
 * Upstream's default password rule for storefront accounts (the checkout's create-account form
 * shows it: "at least 7 characters, letters and numbers"). Management requests are held to the
 * same rule, so that every stored password could have been chosen on the storefront.
 *
 * @example checkPassword('secret12') passes; checkPassword('secret') throws
 */
export function checkPassword(password: string, field = 'password'): void {
  if (password.length < 7 || password.length > CUSTOMER_LIMITS.password || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw invalid('The password must be at least 7 characters long and contain both letters and numbers.', {
      [field]: 'at least 7 characters, with letters and numbers',
    });
  }
}

/** A customer's name as upstream's storefront shows it: first and last, whichever are given. */
export function fullName(customer: Pick<Customer, 'firstName' | 'lastName'>): string {
  return [customer.firstName, customer.lastName].filter((part) => part.trim() !== '').join(' ');
}

/** Applies `changes` to a customer, dated `now`. */
export function changeCustomer(customer: Customer, changes: CustomerChanges, now: string): Customer {
  const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  return { ...customer, ...defined, id: customer.id, dateCreated: customer.dateCreated, dateModified: now };
}
