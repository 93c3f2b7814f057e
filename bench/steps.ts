/**
 * `npm run bench:steps`: the service's CPU per request for each step of the storefront flow taken
 * alone (a kept checkout read, an option selected, a cart created, consignments created), with
 * `GET /health` for what any request costs. Where `npm run bench` says what a flow costs, this says
 * which request it costs in. With `--baseline`, the two builds run in turn, `--rounds` times each,
 * so that a slow spell of this shared machine falls on both. SQLite only; loopback only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SF_AUSTIN, SF_PORTLAND, StorefrontBrowser } from './flows.js';
import { Origin } from './http.js';
import { startConsign, stop, usage } from './service.js';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '4' },
    clients: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '2' },
    baseline: { type: 'string' },
  },
});
const SECONDS = Number(flags.seconds);
const CLIENTS = Number(flags.clients);
const ROUNDS = Number(flags.rounds);
const OPTIONS = 'include=consignments.availableShippingOptions';
const LOAD = 'include=cart.lineItems.physicalItems.options,cart.lineItems.digitalItems.options,customer,promotions.banners';

/** A shopper's browser: its cookies, its cart and the shipping options its consignments were offered. */
class Shopper {
  readonly #browser = new StorefrontBrowser();
  cart = '';
  options: string[] = [];
  consignment = '';

  constructor(private readonly origin: Origin) {}

  async send(method: string, path: string, body?: unknown): Promise<any> {
    const answer = await this.#browser.send(this.origin, method, path, body);
    if (answer.status !== 200) throw new Error(`${method} ${path}: ${answer.status} ${answer.body.slice(0, 300)}`);
    return JSON.parse(answer.body);
  }

  async createCart(): Promise<any> {
    this.#browser.forget();
    const cart = await this.send('POST', '/api/storefront/carts', { lineItems: [{ productId: 1, quantity: 1 }, { productId: 4, quantity: 2 }] });
    this.cart = cart.id;
    return cart;
  }

  async consign(cart: any): Promise<void> {
    const [lamp, mugs] = cart.lineItems.physicalItems;
    const checkout = await this.send('POST', `/api/storefront/checkouts/${this.cart}/consignments?${OPTIONS}`, [
      { address: SF_AUSTIN, lineItems: [{ itemId: lamp.id, quantity: 1 }] },
      { address: SF_PORTLAND, lineItems: [{ itemId: mugs.id, quantity: 2 }] },
    ]);
    this.consignment = checkout.consignments[0].id;
    this.options = checkout.consignments[0].availableShippingOptions.map((o: { id: string }) => o.id);
  }
}

/** Each step: what one request is (or, for "create consignments", one cart and its consignments, less a cart). */
const STEPS: Record<string, (shopper: Shopper, origin: Origin, i: number) => Promise<unknown>> = {
  'GET /health': (_s, origin) => origin.request('GET', '/health', {}),
  'get checkout': (s) => s.send('GET', `/api/storefront/checkout/${s.cart}?${LOAD}`),
  'select option': (s, _o, i) => s.send('PUT', `/api/storefront/checkouts/${s.cart}/consignments/${s.consignment}?${OPTIONS}`, { shippingOptionId: s.options[i % s.options.length] }),
  'create cart': (s) => s.createCart(),
  'cart + consignments': async (s) => s.consign(await s.createCart()),
};

async function measure(cli: string): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'consign-steps-'));
  const service = await startConsign(cli, { DATA_DIR: dataDir });
  const origin = new Origin(service.port, CLIENTS);
  try {
    const cpuMs = () => 1000 * usage(service.proc.pid!).cpuS;
    const shoppers = await Promise.all(Array.from({ length: CLIENTS }, async () => {
      const shopper = new Shopper(origin);
      await shopper.consign(await shopper.createCart());
      return shopper;
    }));
    const run = async (step: (s: Shopper, o: Origin, i: number) => Promise<unknown>, seconds: number) => {
      let done = 0;
      const deadline = performance.now() + seconds * 1000;
      const before = cpuMs();
      await Promise.all(shoppers.map(async (shopper) => {
        for (let i = 0; performance.now() < deadline; i++, done++) await step(shopper, origin, i);
      }));
      return (1000 * (cpuMs() - before)) / done;
    };
    await run(STEPS['get checkout']!, 1); // warm-up
    const cost: Record<string, number> = {};
    for (const [name, step] of Object.entries(STEPS)) cost[name] = await run(step, SECONDS);
    cost['create consignments'] = cost['cart + consignments']! - cost['create cart']!;
    delete cost['cart + consignments'];
    return cost;
  } finally {
    origin.close();
    await stop(service);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const builds: [string, string][] = [...(flags.baseline ? [['before', flags.baseline] as [string, string]] : []), ['after', 'dist/cli.js']];
const costs = new Map<string, Record<string, number>[]>(builds.map(([label]) => [label, []]));
for (let round = 1; round <= ROUNDS; round++) {
  for (const [label, cli] of builds) {
    process.stdout.write(`round ${round}: ${label}\n`);
    costs.get(label)!.push(await measure(cli));
  }
}
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const names = Object.keys(costs.get('after')![0]!);
const header = builds.map(([label]) => `${label}: CPU µs/request`);
console.log(`\n| step | ${header.join(' | ')}${flags.baseline ? ' | after / before' : ''} |`);
console.log(`|---|${'---|'.repeat(header.length + (flags.baseline ? 1 : 0))}`);
for (const name of names) {
  const medians = builds.map(([label]) => median(costs.get(label)!.map((c) => c[name]!)));
  const ratio = flags.baseline ? ` | ${(medians[1]! / medians[0]!).toFixed(2)}x` : '';
  console.log(`| ${name} | ${medians.map((m) => m.toFixed(0)).join(' | ')}${ratio} |`);
}
