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
 * The password rule, the one the checkout's create-account form is told (`passwordRequirements`
 * in the checkout settings, `requirements` of the password form field): at least 8 characters,
 * with a letter and a number. Management requests are held to the same rule, so that every stored
 * password could have been chosen on the storefront.
 *
 * @example checkPassword('secret12') passes; checkPassword('secret') throws
 */
export const PASSWORD_RULE = {
  alpha: '[A-Za-z]',
  numeric: '[0-9]',
  minLength: 8,
  message: 'Passwords must be at least 8 characters and contain a letter and a number.',
} as const;

export function checkPassword(password: string, field = 'password'): void {
  const { alpha, numeric, minLength, message } = PASSWORD_RULE;
  if (password.length < minLength || password.length > CUSTOMER_LIMITS.password || !new RegExp(alpha).test(password) || !new RegExp(numeric).test(password)) {
    throw invalid(message, { [field]: `at least ${minLength} characters, with a letter and a number` });
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
