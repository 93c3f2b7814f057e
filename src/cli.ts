#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createConsign } from './api/app.js';
import { STORE_HASH } from './services/accounts.js';
import { readFixture, seed } from './api/seed.js';
import { readConfig } from './config.js';
import { ALL_SCOPES, KNOWN_SCOPES } from './domain/scopes.js';
import { resetCarts } from './services/reset-carts.js';
import { startServer } from './server.js';
import { presentApiAccount } from './api/management/api-account-presenter.js';
import { parseSettings } from './domain/store-settings.js';
import { parseLifetime } from './domain/token-expiry.js';
import { ownHost } from './services/storefront-directory.js';
import { openStore } from './store/open-store.js';

const USAGE = `Usage: consign <command> [options]

Commands:
  serve                                   start the service (PORT, HOST, DATA_DIR, DATABASE_URL, LOG_LEVEL, LOG_FORMAT)
  seed FILE [--store HASH] [--json]       load a fixture: into a new store, or into an existing one
  store create [--hash HASH] [--name NAME] [--json]
                                          create an empty store
  store list [--json]                     every store: hash, name, storefront hosts
  token create --store HASH --scopes a,b [--name NAME] [--expires-in 30d | --expires-at ISO] [--json]
                                          create an API token (scopes: a comma list, or "all"; a
                                          lifetime in s, m, h, d or w; never expires without one)
  token list --store HASH [--json]        a store's API tokens: id, name, scopes, created, expires
  token revoke --store HASH ID [--json]   revoke a token: refused by every process within 1 s
  reset --store HASH [--json]             drop a store's carts and checkouts (and the saved answers of
                                          requests on them), keep its configuration

Known scopes: ${KNOWN_SCOPES.join(', ')}`;

/** Each command, and the options it takes. */
const OPTIONS: Readonly<Record<string, readonly string[]>> = {
  serve: [],
  seed: ['store', 'json'],
  reset: ['store', 'json'],
  'store create': ['hash', 'name', 'json'],
  'store list': ['json'],
  'token create': ['store', 'scopes', 'name', 'expires-in', 'expires-at', 'json'],
  'token list': ['store', 'json'],
  'token revoke': ['store', 'json'],
};

/** Commands that take one positional argument after their name, and what it is called. */
const ARGUMENT: Readonly<Record<string, string>> = { seed: 'FILE', 'token revoke': 'ID' };

/** A mistake in how the command was called: printed with the usage, exit code 2. */
class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      store: { type: 'string' },
      scopes: { type: 'string' },
      hash: { type: 'string' },
      name: { type: 'string' },
      'expires-in': { type: 'string' },
      'expires-at': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, sub, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE + '\n');
    if (!command && !values.help) process.exitCode = 2;
    return;
  }
  // A mistyped command, or one with arguments it does not take, is answered before any database
  // is opened (or created).
  const name = Object.hasOwn(OPTIONS, command) ? command : `${command} ${sub}`;
  const allowed = Object.hasOwn(OPTIONS, name) ? OPTIONS[name] : undefined;
  if (!allowed) throw new UsageError(`unknown command "${[command, sub].filter(Boolean).join(' ')}"`);
  const extra = name === 'seed' || name.includes(' ') ? rest : positionals.slice(1);
  const argument = ARGUMENT[name];
  if (argument !== undefined && name !== 'seed' && extra.length !== 1) throw new UsageError(`${name} takes one ${argument}`);
  if (argument === undefined && extra.length > 0) throw new UsageError(`unexpected argument for ${name}: ${extra.join(' ')}`);
  if (name === 'seed' && extra.length > 0) throw new UsageError('seed takes one FILE');
  const misplaced = Object.keys(values).filter((option) => option !== 'help' && !allowed.includes(option));
  if (misplaced.length > 0) throw new UsageError(`${name} does not take ${misplaced.map((o) => `--${o}`).join(', ')}`);
  const config = readConfig();
  if (command === 'serve') {
    await startServer(config);
    return;
  }

  const store = await openStore(config);
  const consign = createConsign(store);
  const print = (json: object, text: string) => process.stdout.write((values.json ? JSON.stringify(json) : text) + '\n');
  const requireStore = async () => {
    if (!values.store) throw new UsageError('--store HASH is required');
    const record = await consign.accounts.findStore(values.store);
    if (!record) throw new Error(`no store with hash "${values.store}"`);
    return record;
  };
  try {
    if (command === 'seed') {
      if (!sub) throw new UsageError('seed takes one FILE');
      const fixture = await readFixture(sub);
      const record = await seed(consign, fixture, values.store ? await requireStore() : undefined);
      print({ store_hash: record.hash }, `Seeded store ${record.hash} from ${sub}`);
    } else if (command === 'store' && sub === 'create') {
      if (values.hash !== undefined && !STORE_HASH.test(values.hash)) throw new UsageError(`--hash must be 1 to 32 lower-case letters and digits, not "${values.hash}"`);
      const record = await consign.accounts.createStore({ hash: values.hash, settings: values.name ? { name: values.name } : {} });
      print({ store_hash: record.hash }, `Created store ${record.hash}`);
    } else if (command === 'token' && sub === 'create') {
      const record = await requireStore();
      if (!values.scopes) throw new UsageError('--scopes is required (a comma-separated list, or "all")');
      const scopes = values.scopes === 'all' ? [...ALL_SCOPES] : values.scopes.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = scopes.filter((s) => !KNOWN_SCOPES.includes(s));
      if (unknown.length > 0) throw new UsageError(`unknown scope(s): ${unknown.join(', ')}`);
      if (scopes.length === 0) throw new UsageError('--scopes needs at least one scope');
      const expiresAt = tokenExpiry(values['expires-in'], values['expires-at']);
      const { account, token } = await consign.accounts.createApiAccount(record.id, scopes, { ...(values.name ? { name: values.name } : {}), ...(expiresAt !== undefined ? { expiresAt } : {}) });
      const shown = presentApiAccount(account);
      print(
        { store_hash: record.hash, token, scopes, id: shown.id, expires_at: shown.expires_at },
        `Token for store ${record.hash} (shown once): ${token}\nScopes: ${scopes.join(', ')}\nId: ${shown.id}; expires: ${shown.expires_at ?? 'never'}`,
      );
    } else if (command === 'token' && sub === 'list') {
      const record = await requireStore();
      const accounts = (await consign.accounts.listApiAccounts(record.id)).map(presentApiAccount);
      const now = Date.now();
      const line = (a: (typeof accounts)[number]) =>
        [a.id, a.name, a.scopes.join(','), `created ${a.created_at ?? 'unknown'}`, `expires ${a.expires_at ?? 'never'}${a.expires_at && Date.parse(a.expires_at) <= now ? ' (expired)' : ''}`].join('\t');
      print({ store_hash: record.hash, tokens: accounts }, accounts.length === 0 ? `Store ${record.hash} has no tokens` : accounts.map(line).join('\n'));
    } else if (command === 'token' && sub === 'revoke') {
      const record = await requireStore();
      const id = Number(rest[0]);
      if (!/^[1-9]\d{0,9}$/.test(rest[0]!)) throw new UsageError(`token revoke takes a token's id (a whole number, from token list), not "${rest[0]}"`);
      if (!(await consign.accounts.revokeApiAccount(record.id, id))) throw new Error(`store ${record.hash} has no token with id ${id}`);
      print({ store_hash: record.hash, revoked: id }, `Revoked token ${id} of store ${record.hash}`);
    } else if (command === 'store' && sub === 'list') {
      const stores = await consign.accounts.listStores();
      const listed = stores.map((s) => ({ hash: s.hash, name: s.name, hosts: [ownHost(s.hash), ...parseSettings(s.settings).storefrontHosts] }));
      print({ stores: listed }, listed.length === 0 ? 'No stores' : listed.map((s) => [s.hash, s.name, s.hosts.join(',')].join('\t')).join('\n'));
    } else if (command === 'reset') {
      const record = await requireStore();
      const count = await resetCarts(store, record.id);
      print({ store_hash: record.hash, deleted_carts: count }, `Deleted ${count} cart(s) of store ${record.hash}; its configuration is kept`);
    } else {
      throw new UsageError(`unknown command "${[command, sub].filter(Boolean).join(' ')}"`);
    }
  } finally {
    await store.close();
  }
}

/** The instant a new token expires, from --expires-in or --expires-at (never both), or undefined. */
function tokenExpiry(expiresIn: string | undefined, expiresAt: string | undefined): number | undefined {
  if (expiresIn !== undefined && expiresAt !== undefined) throw new UsageError('give --expires-in or --expires-at, not both');
  if (expiresIn !== undefined) {
    const ms = parseLifetime(expiresIn);
    if (ms === undefined) throw new UsageError(`--expires-in must be a whole number and a unit (s, m, h, d or w), such as 30d, not "${expiresIn}"`);
    return Date.now() + ms;
  }
  if (expiresAt === undefined) return undefined;
  const at = ISO_DATE.test(expiresAt) ? Date.parse(expiresAt) : Number.NaN;
  if (Number.isNaN(at)) throw new UsageError(`--expires-at must be an ISO 8601 date, such as 2030-01-31 or 2030-01-31T12:00:00Z, not "${expiresAt}"`);
  if (at <= Date.now()) throw new UsageError(`--expires-at ${expiresAt} is in the past`);
  return at;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

main(process.argv.slice(2)).catch((error: unknown) => {
  const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`consign: ${(error as Error).message}\n${usage ? `\n${USAGE}\n` : ''}`);
  process.exit(usage ? 2 : 1);
});
