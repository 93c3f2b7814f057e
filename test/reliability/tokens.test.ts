import { describe, expect, it } from 'vitest';
import { TOKEN_RECHECK_MS } from '../../src/services/accounts.js';
import { builtCliForFile } from '../helpers/cli.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { call, twoServicesOn } from './processes.js';

/**
 * Issue 11, finding 7, across processes: two `consign serve` processes on one database (PostgreSQL,
 * and a SQLite file). A token revoked through one is refused by that one at once, and by the
 * other, which had just accepted it, once TOKEN_RECHECK_MS has passed (issue 14: a process keeps
 * a found token that long instead of reading it on every request); a token past its expiry is
 * refused by both at once.
 */
const cli = builtCliForFile();
const PATH = '/v3/consign/api-accounts';

describe.each(STORE_KINDS)('tokens across two processes on %s', (kind) => {
  const { services } = twoServicesOn(kind, cli);

  const [a, b] = [() => services[0]!.base, () => services[1]!.base];
  const useToken = (base: string, token: string) => call(base, 'GET', '/v3/carts/no-such-cart', undefined, { 'x-auth-token': token });

  it('a token revoked through one process is refused by it at once, and by the other, which had just accepted it, within TOKEN_RECHECK_MS', { timeout: 30_000 }, async () => {
    for (let round = 0; round < 5; round++) {
      const created = await call(a(), 'POST', PATH, { name: `round ${round}`, scopes: ['store_cart'] });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const { id, token } = created.body.data;
      // Both processes accept it, several times (anything they keep of it is warm).
      for (let i = 0; i < 3; i++) {
        expect((await useToken(a(), token)).status).toBe(404);
        expect((await useToken(b(), token)).status).toBe(404);
      }
      // Revoked through one process (alternately): refused there at once, and by the other once
      // its kept copy is due for a recheck.
      const [revoker, other] = round % 2 === 0 ? [b(), a()] : [a(), b()];
      expect((await call(revoker, 'DELETE', `${PATH}/${id}`)).status).toBe(204);
      expect((await useToken(revoker, token)).status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, TOKEN_RECHECK_MS + 50));
      expect((await useToken(other, token)).status).toBe(401);
    }
  });

  it('a token past its expiry is refused by both processes', { timeout: 30_000 }, async () => {
    const expiresAt = new Date(Date.now() + 2_000).toISOString();
    const created = await call(b(), 'POST', PATH, { name: 'brief', scopes: ['store_cart'], expires_at: expiresAt });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { token } = created.body.data;
    expect((await useToken(a(), token)).status).toBe(404);
    expect((await useToken(b(), token)).status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, Date.parse(expiresAt) - Date.now() + 50));
    expect((await useToken(a(), token)).status).toBe(401);
    expect((await useToken(b(), token)).status).toBe(401);
  });
});
