import { sql } from 'kysely';
import { type Rider, whenMatched } from './conditional-write-sql.js';
import type { SessionBinding } from './store.js';

/**
 * The statement that makes a browser session hold a cart, signed in as its customer or signed out
 * (null), creating the session or replacing what it held: alone (`bindSessionCustomer`), or as a
 * rider of a new cart's insert (conditional-write-sql.ts), which then binds it only if the cart was
 * inserted. A WHERE clause keeps SQLite from reading ON CONFLICT as part of the SELECT.
 */
export function sessionBinding(session: SessionBinding): Rider {
  const { tokenHash, storeId, cartId, expiresAt, customerId } = session;
  return {
    shape: 'session',
    values: [tokenHash, storeId, cartId, expiresAt, customerId],
    statement: (matched) => sql`INSERT INTO storefront_sessions (token_hash, store_id, cart_id, expires_at, customer_id)
      SELECT ${tokenHash}, ${storeId}, ${cartId}, ${expiresAt}, ${customerId} WHERE ${whenMatched(matched)}
      ON CONFLICT (token_hash, store_id) DO UPDATE SET cart_id = excluded.cart_id, expires_at = excluded.expires_at, customer_id = excluded.customer_id`,
  };
}
