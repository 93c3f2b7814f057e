import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import { sessionBinding } from './session-binding-sql.js';
import { isStorableId, isStorableText, isUniqueViolation, nextId } from './sql-values.js';
import type { CustomerAddressFilter, CustomerAddressRow, CustomerFilter, CustomerRow, Page, SessionCartRecord, StoredCustomer } from './store.js';

/** Runs work in the store's transaction (or the one it is bound to). */
type InTransaction = <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>;

/**
 * The customer tables' SQL (docs/customers.md), shared by both databases: SqlStore's customer
 * methods are this class's. The unique keys do the deciding between concurrent requests and
 * processes: one account per email key, one address per address key and customer.
 */
export class CustomerTables {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly transaction: InTransaction,
  ) {}

  async insertCustomer(storeId: number, customer: StoredCustomer): Promise<number | undefined> {
    return this.transaction(async (trx) => {
      const id = await nextId(trx, storeId, 'customer');
      // ON CONFLICT DO NOTHING: a taken email is an answer, not an error that would end a
      // PostgreSQL transaction; the unique key decides between two processes at once.
      const row = await trx
        .insertInto('customers')
        .values({ store_id: storeId, id, email_key: customer.emailKey, password_hash: customer.passwordHash ?? null, document: customer.document })
        .onConflict((oc) => oc.columns(['store_id', 'email_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return row?.id;
    });
  }

  async updateCustomer(storeId: number, id: number, change: (current: CustomerRow) => StoredCustomer): Promise<{ written: StoredCustomer } | 'missing' | 'taken'> {
    if (!isStorableId(id)) return 'missing';
    return this.transaction(async (trx) => {
      // A write first: it locks the row (PostgreSQL) or the database (SQLite) before anything is
      // read, so a concurrent change waits rather than being overwritten, and SQLite never has to
      // upgrade a read to a write mid-transaction.
      const current = await trx
        .updateTable('customers')
        .set((eb) => ({ document: eb.ref('document') }))
        .where('store_id', '=', storeId)
        .where('id', '=', id)
        .returning(['id', 'document', 'password_hash'])
        .executeTakeFirst();
      if (!current) return 'missing';
      const written = change({ id: current.id, document: current.document, passwordHash: current.password_hash });
      const other = await trx
        .selectFrom('customers')
        .select('id')
        .where('store_id', '=', storeId)
        .where('email_key', '=', written.emailKey)
        .where('id', '!=', id)
        .executeTakeFirst();
      if (other) return 'taken';
      try {
        await trx
          .updateTable('customers')
          .set({ email_key: written.emailKey, document: written.document, ...(written.passwordHash === undefined ? {} : { password_hash: written.passwordHash }) })
          .where('store_id', '=', storeId)
          .where('id', '=', id)
          .execute();
      } catch (error) {
        // Another process gave another customer this email in between: the unique key refused it.
        if (isUniqueViolation(error)) return 'taken';
        throw error;
      }
      return { written };
    });
  }

  async listCustomers(storeId: number, filter: CustomerFilter, page: Page): Promise<{ rows: CustomerRow[]; total: number }> {
    const ids = filter.ids?.filter(isStorableId);
    const emails = filter.emailKeys?.filter(isStorableText);
    if ((ids && ids.length === 0) || (emails && emails.length === 0)) return { rows: [], total: 0 };
    let query = this.db.selectFrom('customers').where('store_id', '=', storeId);
    if (ids) query = query.where('id', 'in', ids);
    if (emails) query = query.where('email_key', 'in', emails);
    const rows = await query
      .select(['id', 'document', 'password_hash'])
      .orderBy('id')
      .limit(page.limit)
      .offset((page.page - 1) * page.limit)
      .execute();
    const { total } = await query.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
    return { rows: rows.map((r) => ({ id: r.id, document: r.document, passwordHash: r.password_hash })), total: Number(total) };
  }

  async findCustomerByEmail(storeId: number, emailKey: string): Promise<CustomerRow | undefined> {
    if (!isStorableText(emailKey)) return undefined;
    const row = await this.db
      .selectFrom('customers')
      .select(['id', 'document', 'password_hash'])
      .where('store_id', '=', storeId)
      .where('email_key', '=', emailKey)
      .executeTakeFirst();
    return row && { id: row.id, document: row.document, passwordHash: row.password_hash };
  }

  async deleteCustomers(storeId: number, requested: readonly number[]): Promise<number> {
    const ids = requested.filter(isStorableId);
    if (ids.length === 0) return 0;
    return this.transaction(async (trx) => {
      await trx.deleteFrom('customer_addresses').where('store_id', '=', storeId).where('customer_id', 'in', ids).execute();
      await trx.updateTable('storefront_sessions').set({ customer_id: null }).where('store_id', '=', storeId).where('customer_id', 'in', ids).execute();
      const result = await trx.deleteFrom('customers').where('store_id', '=', storeId).where('id', 'in', ids).executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }

  async insertCustomerAddress(storeId: number, customerId: number, addressKey: string, document: string): Promise<number | 'missing' | 'duplicate'> {
    if (!isStorableId(customerId)) return 'missing';
    return this.transaction(async (trx) => {
      // The id first: a write, so that SQLite takes its lock before this transaction reads.
      const id = await nextId(trx, storeId, 'customer_address');
      const customer = await trx.selectFrom('customers').select('id').where('store_id', '=', storeId).where('id', '=', customerId).executeTakeFirst();
      if (!customer) return 'missing';
      const row = await trx
        .insertInto('customer_addresses')
        .values({ store_id: storeId, id, customer_id: customerId, address_key: addressKey, document })
        .onConflict((oc) => oc.columns(['store_id', 'customer_id', 'address_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      return row ? row.id : 'duplicate';
    });
  }

  async updateCustomerAddress(
    storeId: number,
    id: number,
    change: (current: CustomerAddressRow) => { addressKey: string; document: string },
  ): Promise<{ row: CustomerAddressRow } | 'missing' | 'duplicate'> {
    if (!isStorableId(id)) return 'missing';
    return this.transaction(async (trx) => {
      // A write first, as in updateCustomer: the row is locked before it is read.
      const current = await trx
        .updateTable('customer_addresses')
        .set((eb) => ({ document: eb.ref('document') }))
        .where('store_id', '=', storeId)
        .where('id', '=', id)
        .returning(['id', 'customer_id', 'document'])
        .executeTakeFirst();
      if (!current) return 'missing';
      const next = change({ id: current.id, customerId: current.customer_id, document: current.document });
      const other = await trx
        .selectFrom('customer_addresses')
        .select('id')
        .where('store_id', '=', storeId)
        .where('customer_id', '=', current.customer_id)
        .where('address_key', '=', next.addressKey)
        .where('id', '!=', id)
        .executeTakeFirst();
      if (other) return 'duplicate';
      await trx.updateTable('customer_addresses').set({ address_key: next.addressKey, document: next.document }).where('store_id', '=', storeId).where('id', '=', id).execute();
      return { row: { id, customerId: current.customer_id, document: next.document } };
    });
  }

  async listCustomerAddresses(storeId: number, filter: CustomerAddressFilter, page: Page): Promise<{ rows: CustomerAddressRow[]; total: number }> {
    const ids = filter.ids?.filter(isStorableId);
    const customerIds = filter.customerIds?.filter(isStorableId);
    if ((ids && ids.length === 0) || (customerIds && customerIds.length === 0)) return { rows: [], total: 0 };
    let query = this.db.selectFrom('customer_addresses').where('store_id', '=', storeId);
    if (ids) query = query.where('id', 'in', ids);
    if (customerIds) query = query.where('customer_id', 'in', customerIds);
    const rows = await query
      .select(['id', 'customer_id', 'document'])
      .orderBy('id')
      .limit(page.limit)
      .offset((page.page - 1) * page.limit)
      .execute();
    const { total } = await query.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
    return { rows: rows.map((r) => ({ id: r.id, customerId: r.customer_id, document: r.document })), total: Number(total) };
  }

  async deleteCustomerAddresses(storeId: number, requested: readonly number[]): Promise<number> {
    const ids = requested.filter(isStorableId);
    if (ids.length === 0) return 0;
    const result = await this.db.deleteFrom('customer_addresses').where('store_id', '=', storeId).where('id', 'in', ids).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async bindSessionCustomer(session: SessionCartRecord, customerId: number | null): Promise<void> {
    await sessionBinding({ ...session, customerId }).statement(undefined).execute(this.db);
  }

  async deleteSession(tokenHash: string, storeId: number): Promise<void> {
    await this.db.deleteFrom('storefront_sessions').where('token_hash', '=', tokenHash).where('store_id', '=', storeId).execute();
  }
}
