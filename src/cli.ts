#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createConsign } from './api/app.js';
import { STORE_HASH } from './services/accounts.js';
import { readFixture, seed } from './api/seed.js';
import { readConfig } from './config.js';
import { ALL_SCOPES, KNOWN_SCOPES } from './domain/scopes.js';
import { resetCarts } from './services/reset-carts.js';
import { startServer } from './server.js';
import { openStore } from './store/open-store.js';

const USAGE = `Usage: consign <command> [options]

Commands:
  serve                                   start the service (PORT, HOST, DATA_DIR, DATABASE_URL, LOG_LEVEL, LOG_FORMAT)
  seed FILE [--store HASH] [--json]       load a fixture: into a new store, or into an existing one
  store create [--hash HASH] [--name NAME] [--json]
                                          create an empty store
  token create --store HASH --scopes a,b [--json]
                                          create an API token (scopes: a comma list, or "all")
  reset --store HASH [--json]             drop a store's carts and checkouts (and the saved answers of
                                          requests on them), keep its configuration

Known scopes: ${KNOWN_SCOPES.join(', ')}`;

/** Each command, and the options it takes. */
const OPTIONS: Readonly<Record<string, readonly string[]>> = {
  serve: [],
  seed: ['store', 'json'],
  reset: ['store', 'json'],
  'store create': ['hash', 'name', 'json'],
  'token create': ['store', 'scopes', 'json'],
};

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
  if (extra.length > 0) throw new UsageError(name === 'seed' ? 'seed takes one FILE' : `unexpected argument for ${name}: ${extra.join(' ')}`);
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
      const token = await consign.accounts.createToken(record.id, scopes);
      print({ store_hash: record.hash, token, scopes }, `Token for store ${record.hash} (shown once): ${token}\nScopes: ${scopes.join(', ')}`);
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

main(process.argv.slice(2)).catch((error: unknown) => {
  const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`consign: ${(error as Error).message}\n${usage ? `\n${USAGE}\n` : ''}`);
  process.exit(usage ? 2 : 1);
});
