// How the console talks to Consign: the admin API for stores (guarded like this page), and for
// everything else the public management API with an X-Auth-Token, exactly as any client does.
// The token is an API account named "console" made for the store the first time it is needed,
// kept in sessionStorage (this tab only), listed and revocable like any other.

/** An error answer of the API, with the body's title and the fields it names. */
export class Problem extends Error {
  constructor(status, body) {
    super(titleOf(status, body));
    this.status = status;
    this.body = body;
    this.fields = body && typeof body === 'object' && !Array.isArray(body) && body.errors && typeof body.errors === 'object' ? body.errors : {};
  }
}

// v3 answers { status, title, errors }; v2 a list of { status, message }.
function titleOf(status, body) {
  if (Array.isArray(body) && body[0]?.message) return body[0].message;
  if (body && typeof body === 'object') return body.title ?? body.message ?? `HTTP ${status}`;
  return typeof body === 'string' && body !== '' ? body : `HTTP ${status}`;
}

async function call(url, { method = 'GET', body, headers = {} } = {}) {
  const response = await fetch(url, {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON: kept as text for the error message.
  }
  if (!response.ok) throw new Problem(response.status, parsed);
  return parsed;
}

export const admin = {
  stores: async () => (await call('/consign/admin/stores')).data,
  createStore: async (body) => (await call('/consign/admin/stores', { method: 'POST', body })).data,
  createToken: async (hash, body) => (await call(`/consign/admin/stores/${encodeURIComponent(hash)}/tokens`, { method: 'POST', body })).data,
};

let storeHash = '';

export function useStore(hash) {
  storeHash = hash;
}

export function currentStore() {
  return storeHash;
}

const key = (hash) => `consign-console:${hash}`;

/** The console's own API account of the current store: `{ id, token }`. */
export function consoleAccount() {
  const saved = sessionStorage.getItem(key(storeHash));
  return saved ? JSON.parse(saved) : undefined;
}

/** The token being made, per store: requests sent at once share one new account. */
const making = new Map();

async function token(fresh, refused) {
  const saved = consoleAccount();
  if (saved && !(fresh && saved.token === refused)) return saved.token;
  if (!making.has(storeHash)) {
    const hash = storeHash;
    const made = admin
      .createToken(hash, { name: 'console' })
      .then((created) => {
        sessionStorage.setItem(key(hash), JSON.stringify({ id: created.id, token: created.token }));
        return created.token;
      })
      .finally(() => making.delete(hash));
    making.set(hash, made);
  }
  return making.get(storeHash);
}

/**
 * A request to the current store's management API: `path` below /stores/{hash}, as `/v3/...` or
 * `/v2/...`. A token refused (revoked from the tokens page, or by anyone) is replaced once.
 */
export async function api(method, path, body) {
  const url = `/stores/${encodeURIComponent(storeHash)}${path}`;
  const used = await token(false);
  try {
    return await call(url, { method, body, headers: { 'x-auth-token': used } });
  } catch (error) {
    if (!(error instanceof Problem) || error.status !== 401) throw error;
    return call(url, { method, body, headers: { 'x-auth-token': await token(true, used) } });
  }
}

/** `api`, but a 404 (a route this build lacks) answers `undefined` instead of throwing. */
export async function apiIfPresent(method, path) {
  try {
    return await api(method, path);
  } catch (error) {
    if (error instanceof Problem && error.status === 404) return undefined;
    throw error;
  }
}
