import type { Generated } from 'kysely';

/** The tables, as Kysely sees them. JSON documents are text in both databases. */
export interface Database {
  stores: StoresTable;
  api_accounts: ApiAccountsTable;
  config_items: ConfigItemsTable;
  config_sequences: ConfigSequencesTable;
  config_deletions: ConfigDeletionsTable;
  config_unique_keys: ConfigUniqueKeysTable;
  carts: CartsTable;
  cart_parts: CartPartsTable;
  orders: OrdersTable;
  storefront_sessions: StorefrontSessionsTable;
  cart_handoffs: CartHandoffsTable;
  idempotency_keys: IdempotencyKeysTable;
  rate_limit_windows: RateLimitWindowsTable;
  customers: CustomersTable;
  customer_addresses: CustomerAddressesTable;
  carrier_quotes: CarrierQuotesTable;
  webhook_deliveries: WebhookDeliveriesTable;
  schema_migrations: SchemaMigrationsTable;
  storefront_hosts: StorefrontHostsTable;
}

export interface StoresTable {
  id: Generated<number>;
  hash: string;
  name: string;
  settings: string;
  config_version: Generated<number>;
}

export interface ApiAccountsTable {
  id: Generated<number>;
  store_id: number;
  name: string;
  token_hash: string;
  scopes: string;
  /** ISO 8601; null for accounts made before migration 8. */
  created_at: string | null;
  /** Epoch milliseconds; null: never. */
  expires_at: number | string | null;
}

export interface ConfigItemsTable {
  store_id: number;
  kind: string;
  id: number;
  parent_kind: string | null;
  parent_id: number | null;
  document: string;
  /** The configuration version whose change last wrote this item (0: written before migration 6). */
  written_version: number;
}

/** A deleted configuration item and the version that deleted it, so a cache can drop it incrementally. */
export interface ConfigDeletionsTable {
  store_id: number;
  kind: string;
  id: number;
  deleted_version: number;
}

/** A value that is one item's only, per store and name (a SKU, a coupon code): the primary key enforces it. */
export interface ConfigUniqueKeysTable {
  store_id: number;
  name: string;
  value: string;
  owner_kind: string;
  owner_id: number;
}

export interface ConfigSequencesTable {
  store_id: number;
  kind: string;
  last_id: number;
}

export interface OrdersTable {
  store_id: number;
  id: number;
  checkout_id: string;
  document: string;
  created_at: string;
  /** Added by migration 10 (payments): 1 when placed, one more with each change. */
  version: Generated<number>;
}

export interface CartsTable {
  id: string;
  store_id: number;
  version: number;
  document: string;
  /** Epoch milliseconds. PostgreSQL's bigint reads back as a string. */
  expires_at: number | string;
  /** Epoch milliseconds at or before `expires_at`: where the expired-cart sweep looks (migration 22). */
  sweep_at: number | string;
  /** Migration 21: the version whose write set its parts' written_version (0: an older release wrote it). */
  parts_version: Generated<number>;
  /** Migration 21: the oldest version a reader may keep and read only the parts written after it. */
  parts_since: Generated<number>;
}

/** The consignments and lines of a cart's document, a row each (services/checkout-document.ts). */
export interface CartPartsTable {
  cart_id: string;
  part_key: string;
  document: string;
  /** Migration 21: the cart version whose write stored this part (0: written before). */
  written_version: Generated<number>;
}

export interface StorefrontSessionsTable {
  token_hash: string;
  store_id: number;
  cart_id: string;
  expires_at: number | string;
  /** The customer the session is signed in as (migration 9). */
  customer_id: number | null;
}

export interface CartHandoffsTable {
  token_hash: string;
  store_id: number;
  cart_id: string;
  expires_at: number | string;
}

export interface IdempotencyKeysTable {
  store_id: number;
  scope: string;
  idempotency_key: string;
  request_hash: string;
  status: number | null;
  content_type: string | null;
  body: string | null;
  /** JSON `[name, value][]`: the response headers a replay repeats. */
  headers: string | null;
  expires_at: number | string;
}

export interface RateLimitWindowsTable {
  bucket: string;
  count: number;
  /** Epoch milliseconds. */
  reset_at: number | string;
}

export interface CarrierQuotesTable {
  store_id: number;
  request_key: string;
  /** JSON of the carrier's normalised answer. */
  document: string;
  expires_at: number | string;
}

export interface SchemaMigrationsTable {
  version: number;
  applied_at: string;
}

/** Which store a storefront host belongs to (migration 7): one store per host. */
export interface StorefrontHostsTable {
  host: string;
  store_id: number;
}

export interface CustomersTable {
  store_id: number;
  id: number;
  /** The trimmed, lower-cased email, unique per store. */
  email_key: string;
  password_hash: string | null;
  /** JSON of the customer, less id and password. */
  document: string;
}

export interface CustomerAddressesTable {
  store_id: number;
  id: number;
  customer_id: number;
  /** The fields that make two addresses one (sameAddress), unique per customer. */
  address_key: string;
  /** JSON of the address, less its ids. */
  document: string;
}

/** The webhook outbox and delivery log (migration 13). Times are epoch milliseconds. */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  store_id: number;
  hook_id: number;
  event_id: string;
  scope: string;
  /** The chain a hook receives in order (`cart:{id}`). */
  resource: string;
  /** The envelope, exactly as sent. */
  body: string;
  status: string;
  attempts: Generated<number>;
  last_status_code: number | null;
  last_answer: string | null;
  /** When an unsent delivery is due; once delivered or abandoned, when that happened (migration 20 indexes it for pruning). */
  next_attempt_at: number | string;
  first_attempt_at: number | string | null;
  delivered_at: number | string | null;
  created_at: number | string;
  lease_owner: string | null;
  lease_until: number | string | null;
}
