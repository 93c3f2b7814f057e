import { type CustomerAddress, type NewCustomerAddress, addressKey } from '../../domain/customer-addresses.js';
import { type Customer, type CustomerChanges, type NewCustomer, changeCustomer, checkEmail, checkPassword, emailKey } from '../../domain/customers.js';
import { DomainError, NotFoundError } from '../../domain/errors.js';
import type { CustomerAddressFilter, CustomerAddressRow, CustomerRow, Page, Store, StoreRecord } from '../../store/store.js';
import type { ConfigCache, StoreConfig } from '../store-config.js';
import { deliveriesFor, hasSubscribers } from '../webhooks/outbox.js';
import { hashPassword } from './passwords.js';

/** A new customer as a request gives it: the account, an optional password, and addresses. */
export interface CustomerCreate {
  readonly customer: NewCustomer;
  readonly password?: string;
  readonly addresses?: readonly Omit<NewCustomerAddress, 'customerId'>[];
}

export interface CustomerUpdate {
  readonly id: number;
  readonly changes: CustomerChanges;
  readonly password?: string;
}

/** A customer with their address book, as listings and writes answer. */
export interface CustomerWithAddresses {
  readonly customer: Customer;
  readonly addresses: readonly CustomerAddress[];
}

/** The email is another customer's: upstream answers 422 on the server-to-server API, 409 on the storefront. */
export class EmailTakenError extends DomainError {
  constructor(
    readonly email: string,
    field: string,
  ) {
    super(422, `The email address ${email} is already in use by another customer.`, { [field]: 'is already in use' });
    this.name = 'EmailTakenError';
  }
}

/** An address book holds at most this many addresses, as upstream returns at most that many. */
const ADDRESS_BOOK_PAGE: Page = { page: 1, limit: 1000 };

/**
 * Customer accounts and their address books, per store (docs/customers.md). Emails are unique per
 * store without regard to case, which the database enforces; passwords are hashed with Argon2id
 * before any transaction starts, so a write lock is never held while hashing.
 */
export class CustomerService {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
    /** Where `store/customer/*` events are recorded (docs/webhooks.md): the store's hooks, and who sends them. */
    private readonly webhooks?: { readonly configs: ConfigCache; readonly onEventsRecorded: () => void },
  ) {}

  /**
   * The store's configuration when it has a hook at all, read before a transaction begins (inside
   * one, only the transaction's store may be used): what `#recordEvents` records against.
   */
  async #subscribed(store: StoreRecord): Promise<StoreConfig | undefined> {
    if (!this.webhooks) return undefined;
    const config = await this.webhooks.configs.current(store);
    return hasSubscribers(config) ? config : undefined;
  }

  /** Records `store/customer/{what}` for each id inside `tx`, the writing transaction. Returns whether anything was recorded. */
  async #recordEvents(tx: Store, config: StoreConfig | undefined, what: 'created' | 'updated' | 'deleted', ids: readonly number[]): Promise<boolean> {
    if (!config || ids.length === 0) return false;
    const events = ids.map((id) => ({ scope: `store/customer/${what}`, resource: `customer:${id}`, data: { type: 'customer', id } }));
    const deliveries = deliveriesFor(config, events, this.now());
    await tx.recordWebhookDeliveries(deliveries);
    return deliveries.length > 0;
  }

  /** Creates customers (and their addresses) all together, or none of them. */
  async create(store: StoreRecord, creates: readonly CustomerCreate[]): Promise<CustomerWithAddresses[]> {
    const stamp = new Date(this.now()).toISOString();
    const prepared = await Promise.all(
      creates.map(async (create, index) => {
        const email = checkEmail(create.customer.email, `${index}.email`);
        if (create.password !== undefined) checkPassword(create.password, `${index}.authentication.new_password`);
        const customer = { ...create.customer, email, dateCreated: stamp, dateModified: stamp };
        const passwordHash = create.password === undefined ? null : await hashPassword(create.password);
        return { customer, passwordHash, addresses: create.addresses ?? [] };
      }),
    );
    const keys = prepared.map((p) => emailKey(p.customer.email));
    const repeated = keys.findIndex((key, index) => keys.indexOf(key) !== index);
    if (repeated >= 0) throw new EmailTakenError(prepared[repeated]!.customer.email, `${repeated}.email`);
    let recorded = false;
    const subscribed = await this.#subscribed(store);
    const result = await this.store.atomically(async (tx) => {
      const created: CustomerWithAddresses[] = [];
      for (const [index, { customer, passwordHash, addresses }] of prepared.entries()) {
        const id = await tx.insertCustomer(store.id, { emailKey: emailKey(customer.email), passwordHash, document: JSON.stringify(customer) });
        if (id === undefined) throw new EmailTakenError(customer.email, `${index}.email`);
        const saved: CustomerAddress[] = [];
        for (const address of addresses) {
          const entry = { ...address, customerId: id };
          const addressId = await tx.insertCustomerAddress(store.id, id, addressKey(entry), addressDocument(entry));
          if (typeof addressId === 'number') saved.push({ ...entry, id: addressId });
        }
        created.push({ customer: { ...customer, id }, addresses: saved });
      }
      recorded = await this.#recordEvents(tx, subscribed, 'created', created.map((c) => c.customer.id));
      return created;
    });
    if (recorded) this.webhooks?.onEventsRecorded();
    return result;
  }

  /** Updates customers all together, or none of them; an id that does not exist is a 422 naming it. */
  async update(store: StoreRecord, updates: readonly CustomerUpdate[]): Promise<CustomerWithAddresses[]> {
    const stamp = new Date(this.now()).toISOString();
    const hashes = await Promise.all(
      updates.map(async (update, index) => {
        if (update.password === undefined) return undefined;
        checkPassword(update.password, `${index}.authentication.new_password`);
        return hashPassword(update.password);
      }),
    );
    let recorded = false;
    const subscribed = await this.#subscribed(store);
    const result = await this.store.atomically(async (tx) => {
      const updated: CustomerWithAddresses[] = [];
      for (const [index, update] of updates.entries()) {
        let customer: Customer | undefined;
        const written = await tx.updateCustomer(store.id, update.id, (row) => {
          const changes = update.changes.email === undefined ? update.changes : { ...update.changes, email: checkEmail(update.changes.email, `${index}.email`) };
          customer = changeCustomer(toCustomer(row), changes, stamp);
          return { emailKey: emailKey(customer.email), ...(hashes[index] === undefined ? {} : { passwordHash: hashes[index] }), document: JSON.stringify(withoutId(customer)) };
        });
        if (written === 'missing') throw new DomainError(422, `Customer ${update.id} does not exist.`, { [`${index}.id`]: 'does not exist' });
        if (written === 'taken') throw new EmailTakenError(customer!.email, `${index}.email`);
        updated.push({ customer: customer!, addresses: await addressBook(tx, store, customer!.id) });
      }
      recorded = await this.#recordEvents(tx, subscribed, 'updated', updated.map((u) => u.customer.id));
      return updated;
    });
    if (recorded) this.webhooks?.onEventsRecorded();
    return result;
  }

  /** A page of customers, filtered by ids and emails, with how many match. */
  async list(store: StoreRecord, filter: { ids?: readonly number[]; emails?: readonly string[] }, page: Page, withAddresses: boolean) {
    const { rows, total } = await this.store.listCustomers(store.id, { ...(filter.ids ? { ids: filter.ids } : {}), ...(filter.emails ? { emailKeys: filter.emails.map(emailKey) } : {}) }, page);
    const customers = await Promise.all(
      rows.map(async (row): Promise<CustomerWithAddresses> => ({ customer: toCustomer(row), addresses: withAddresses ? await addressBook(this.store, store, row.id) : [] })),
    );
    return { customers, total };
  }

  /** One customer and their address book, or undefined. */
  async find(store: StoreRecord, id: number): Promise<CustomerWithAddresses | undefined> {
    const [row] = (await this.store.listCustomers(store.id, { ids: [id] }, { page: 1, limit: 1 })).rows;
    return row && { customer: toCustomer(row), addresses: await addressBook(this.store, store, id) };
  }

  /** The customer an email names, with the hash to check a password against. */
  async findForSignIn(store: StoreRecord, email: string): Promise<{ customer: Customer; passwordHash: string | null } | undefined> {
    const row = await this.store.findCustomerByEmail(store.id, emailKey(email));
    return row && { customer: toCustomer(row), passwordHash: row.passwordHash };
  }

  /** Deletes customers with their addresses; ids that do not exist are ignored, as upstream does. */
  async remove(store: StoreRecord, ids: readonly number[]): Promise<number> {
    const subscribed = await this.#subscribed(store);
    if (!subscribed) return this.store.deleteCustomers(store.id, ids);
    // With subscribers: which of `ids` existed, read in the deleting transaction, names the events.
    let recorded = false;
    const count = await this.store.atomically(async (tx) => {
      const existing = ids.length === 0 ? [] : (await tx.listCustomers(store.id, { ids }, { page: 1, limit: ids.length })).rows.map((row) => row.id);
      const deleted = await tx.deleteCustomers(store.id, ids);
      recorded = await this.#recordEvents(tx, subscribed, 'deleted', existing);
      return deleted;
    });
    if (recorded) this.webhooks?.onEventsRecorded();
    return count;
  }

  /**
   * Adds addresses to address books, all together or none. An address its customer already has
   * is not added again and is absent from the answer, as upstream's is; a customer that does not
   * exist is a 422 naming the entry.
   */
  async createAddresses(store: StoreRecord, addresses: readonly NewCustomerAddress[]): Promise<CustomerAddress[]> {
    return this.store.atomically(async (tx) => {
      const created: CustomerAddress[] = [];
      for (const [index, address] of addresses.entries()) {
        const id = await tx.insertCustomerAddress(store.id, address.customerId, addressKey(address), addressDocument(address));
        if (id === 'missing') throw new DomainError(422, `Customer ${address.customerId} does not exist.`, { [`${index}.customer_id`]: 'does not exist' });
        if (id !== 'duplicate') created.push({ ...address, id });
      }
      return created;
    });
  }

  /**
   * Changes addresses, all together or none. An address made identical to another of its
   * customer's is left as it was and absent from the answer, as upstream's is.
   */
  async updateAddresses(store: StoreRecord, updates: readonly { id: number; change: (current: CustomerAddress) => CustomerAddress }[]): Promise<CustomerAddress[]> {
    return this.store.atomically(async (tx) => {
      const updated: CustomerAddress[] = [];
      for (const [index, { id, change }] of updates.entries()) {
        let address: CustomerAddress | undefined;
        const written = await tx.updateCustomerAddress(store.id, id, (row) => {
          address = change(toAddress(row));
          return { addressKey: addressKey(address), document: addressDocument(address) };
        });
        if (written === 'missing') throw new DomainError(422, `Customer address ${id} does not exist.`, { [`${index}.id`]: 'does not exist' });
        if (written !== 'duplicate') updated.push(address!);
      }
      return updated;
    });
  }

  async listAddresses(store: StoreRecord, filter: CustomerAddressFilter, page: Page) {
    const { rows, total } = await this.store.listCustomerAddresses(store.id, filter, page);
    return { addresses: rows.map(toAddress), total };
  }

  async removeAddresses(store: StoreRecord, ids: readonly number[]): Promise<number> {
    return this.store.deleteCustomerAddresses(store.id, ids);
  }

  /**
   * Saves an address to a customer's book unless they have it already (sameAddress); the
   * customer's whole book comes back. Throws not found when the customer no longer exists.
   */
  async saveAddress(store: StoreRecord, address: NewCustomerAddress): Promise<readonly CustomerAddress[]> {
    const id = await this.store.insertCustomerAddress(store.id, address.customerId, addressKey(address), addressDocument(address));
    if (id === 'missing') throw new NotFoundError('resource', 'Customer not found.');
    return addressBook(this.store, store, address.customerId);
  }
}

async function addressBook(store: Store, owner: StoreRecord, customerId: number): Promise<CustomerAddress[]> {
  return (await store.listCustomerAddresses(owner.id, { customerIds: [customerId] }, ADDRESS_BOOK_PAGE)).rows.map(toAddress);
}

function toCustomer(row: CustomerRow): Customer {
  return { ...(JSON.parse(row.document) as Omit<Customer, 'id'>), id: row.id };
}

function withoutId(customer: Customer): Omit<Customer, 'id'> {
  const { id: _id, ...rest } = customer;
  return rest;
}

function toAddress(row: CustomerAddressRow): CustomerAddress {
  return { ...(JSON.parse(row.document) as Omit<CustomerAddress, 'id' | 'customerId'>), id: row.id, customerId: row.customerId };
}

function addressDocument(address: NewCustomerAddress | CustomerAddress): string {
  const { customerId: _customer, ...rest } = address;
  const { id: _id, ...fields } = rest as typeof rest & { id?: number };
  return JSON.stringify(fields);
}
