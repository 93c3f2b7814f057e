import type { ApiAccountRecord } from '../../store/store.js';

/**
 * An API account as the management API and `consign token list --json` show it: never its token
 * (only its hash is kept). Dates are ISO 8601; `created_at` is null for accounts made before
 * tokens were dated, `expires_at` null for a token that never expires.
 */
export function presentApiAccount(account: ApiAccountRecord) {
  return {
    id: account.id,
    name: account.name,
    scopes: [...account.scopes],
    created_at: account.createdAt,
    expires_at: account.expiresAt === null ? null : new Date(account.expiresAt).toISOString(),
  };
}
