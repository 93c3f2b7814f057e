import type { Generated } from 'kysely';

/** The tables, as Kysely sees them. JSON documents are text in both databases. */
export interface Database {
  stores: StoresTable;
  api_accounts: ApiAccountsTable;
  config_items: ConfigItemsTable;
  config_sequences: ConfigSequencesTable;
  carts: CartsTable;
  orders: OrdersTable;
  storefront_sessions: StorefrontSessionsTable;
  cart_handoffs: CartHandoffsTable;
  idempotency_keys: IdempotencyKeysTable;
  carrier_quotes: CarrierQuotesTable;
  schema_migrations: SchemaMigrationsTable;
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
}

export interface ConfigItemsTable {
  store_id: number;
  kind: string;
  id: number;
  parent_kind: string | null;
  parent_id: number | null;
  document: string;
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
}

export interface CartsTable {
  id: string;
  store_id: number;
  version: number;
  document: string;
  /** Epoch milliseconds. PostgreSQL's bigint reads back as a string. */
  expires_at: number | string;
}

export interface StorefrontSessionsTable {
  token_hash: string;
  store_id: number;
  cart_id: string;
  expires_at: number | string;
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
