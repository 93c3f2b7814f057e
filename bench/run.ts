/**
 * `npm run bench`: the checkout flow through HTTP against a ceiling server (bare node:http, from
 * memory), a stack floor (Fastify and one durable SQLite write per mutation, floor.ts) and Consign
 * on SQLite, PostgreSQL, and PostgreSQL with two service processes; then the cost of a checkout's
 * consignment count. Loopback only; every phase is bounded in time and in count. See BENCHMARKS.md.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ADDRESSES, type Dialect, FlowError, type Postcodes, STEPS, type Step, Target, runFlow } from './flows.js';
import { type Answer, Origin, freePort } from './http.js';
import { CREDENTIALS, type Service, startConsign, startProcess, stop, usage } from './service.js';

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    'warm-duration': { type: 'string', default: '5' },
    clients: { type: 'string', default: '16' },
    stores: { type: 'string', default: 'sqlite,postgres,postgres2' },
    dialects: { type: 'string', default: 'storefront,management' },
    counts: { type: 'string', default: '1,10,50,100' },
    reps: { type: 'string', default: '10' },
    // Unmeasured repetitions of each count first: see countPhase.
    'warm-reps': { type: 'string', default: '40' },
    'max-flows': { type: 'string', default: '200000' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    profile: { type: 'string' },
    baseline: { type: 'string' },
    out: { type: 'string' },
    'no-ceiling': { type: 'boolean', default: false },
    'no-floor': { type: 'boolean', default: false },
    'no-carrier': { type: 'boolean', default: false },
    'no-counts': { type: 'boolean', default: false },
    // Each store again with a webhook subscribed to every cart event, sent to a receiver in this process.
    hook: { type: 'boolean', default: false },
  },
});
const DURATION_S = Number(flags.duration);
const WARM_S = Number(flags['warm-duration']);
const CLIENTS = Number(flags.clients);
const STORES = flags.stores.split(',').filter(Boolean) as StoreKind[];
const DIALECTS = flags.dialects.split(',').filter(Boolean) as Dialect[];
const COUNTS = flags.counts.split(',').filter(Boolean).map(Number);
const REPS = Number(flags.reps);
const WARM_REPS = Number(flags['warm-reps']);
const MAX_FLOWS = Number(flags['max-flows']);

type StoreKind = 'sqlite' | 'postgres' | 'postgres2';

// ---------------------------------------------------------------- statistics

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
}
function summarise(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

// ---------------------------------------------------------------- load phase

interface LoadResult {
  label: string;
  dialect: Dialect;
  flowsPerS: number;
  requestsPerS: number;
  flows: number;
  errors: number;
  steps: Record<Step, Summary>;
  all: Summary;
  cpuPercent: number;
  /** Service CPU time per flow: the cost of a flow, less sensitive than flows/s to a busy machine. */
  cpuMsPerFlow: number;
  /**
   * Of that, the threads other than each process's main one: V8's (garbage collection, optimising
   * compilation) and SQLite's checkpoint thread. Warm, mostly garbage collection; a figure that
   * falls with a longer warm-up was the compiler still at work (BENCHMARKS.md, stop 17).
   */
  otherThreadsMsPerFlow: number;
  peakRssMb: number;
  /** Carrier phases: rate requests the carrier received per flow measured (0 when every quote came from cache). */
  carrierCallsPerFlow?: number;
}

/** With a carrier: its postal codes per flow, and how many rate requests it has received so far. */
interface CarrierLoad {
  readonly postcodes?: Postcodes;
  readonly calls: () => Promise<number>;
}

async function loadPhase(label: string, dialect: Dialect, target: Target, pids: number[], carrier?: CarrierLoad): Promise<LoadResult> {
  const ignore = () => {};
  const postcodes = carrier?.postcodes;
  // Warm-up, not counted: flows for WARM_S seconds (caches, connections, and V8's optimising
  // compiler, whose threads took 0.6 ms of Consign's 2.4 ms per flow in the first seconds and next
  // to nothing after five: BENCHMARKS.md, stop 17), and at least 3 per client.
  const warmUntil = performance.now() + WARM_S * 1000;
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    for (let i = 0; i < 3 || performance.now() < warmUntil; i++) await runFlow(dialect, target, CREDENTIALS, ignore, postcodes);
  }));
  const callsBefore = carrier ? await carrier.calls() : 0;
  const samples = Object.fromEntries(STEPS.map((s) => [s, [] as number[]])) as Record<Step, number[]>;
  let flows = 0;
  let errors = 0;
  let requests = 0;
  const observe = (step: Step, answer: Answer) => {
    samples[step].push(answer.ms);
    requests++;
  };
  const before = pids.map(usage);
  const threadsBefore = threadCpuMs(pids);
  const mainBefore = threadCpuMs(pids, true);
  const started = performance.now();
  const deadline = started + DURATION_S * 1000;
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (performance.now() < deadline && flows + errors < MAX_FLOWS) {
      try {
        await runFlow(dialect, target, CREDENTIALS, observe, postcodes);
        flows++;
      } catch (error) {
        if (!(error instanceof FlowError)) throw error;
        errors++;
        if (errors === 1) process.stderr.write(`  first error: ${error.message}\n`);
      }
    }
  }));
  const elapsedS = (performance.now() - started) / 1000;
  const after = pids.map(usage);
  const otherThreadsMs = threadCpuMs(pids) - threadsBefore - (threadCpuMs(pids, true) - mainBefore);
  const carrierCalls = carrier ? (await carrier.calls()) - callsBefore : undefined;
  const cpuS = after.reduce((sum, u, i) => sum + u.cpuS - before[i]!.cpuS, 0);
  const steps = Object.fromEntries(STEPS.map((s) => [s, summarise(samples[s])])) as Record<Step, Summary>;
  return {
    label,
    dialect,
    flowsPerS: flows / elapsedS,
    requestsPerS: requests / elapsedS,
    flows,
    errors,
    steps,
    all: summarise(STEPS.flatMap((s) => samples[s])),
    cpuPercent: (100 * cpuS) / elapsedS,
    cpuMsPerFlow: (1000 * cpuS) / Math.max(1, flows),
    otherThreadsMsPerFlow: otherThreadsMs / Math.max(1, flows),
    peakRssMb: after.reduce((sum, u) => sum + u.peakRssMb, 0),
    ...(carrierCalls === undefined ? {} : { carrierCallsPerFlow: carrierCalls / Math.max(1, flows) }),
  };
}

// ---------------------------------------------------------------- carrier phases

/** A new pair of US postal codes per call, so that no flow's rate request matches an earlier one. */
function freshPostcodes(): Postcodes {
  let n = 0;
  return () => {
    n++;
    return [String(10_000 + ((2 * n) % 90_000)), String(10_000 + ((2 * n + 1) % 90_000))];
  };
}

/**
 * Issue 15: the flow with a carrier app connected to every shipping zone (bench/fake-carrier.ts on
 * loopback, answering at once). "carrier hit" repeats the same destinations, so quotes come from
 * the cache; "carrier miss" sends new postal codes in every flow, so each consignment asks the
 * carrier. Runs last for a store: the carrier stays connected.
 */
async function carrierPhases(label: string, target: Target, pids: number[]): Promise<LoadResult[]> {
  const port = await freePort();
  const carrier = await startProcess(['--import', 'tsx', 'bench/fake-carrier.ts', String(port)], {}, port);
  const results: LoadResult[] = [];
  const origin = new Origin(port, 1);
  try {
    const base = `/stores/${CREDENTIALS.storeHash}`;
    const headers = { 'x-auth-token': CREDENTIALS.token };
    const zones = await target.pick().request('GET', `${base}/v2/shipping/zones`, headers);
    if (zones.status !== 200) throw new Error(`listing zones: ${zones.status} ${zones.body.slice(0, 300)}`);
    const zoneIds = (JSON.parse(zones.body) as { id: number }[]).map((z) => z.id);
    const connected = await target.pick().request('POST', `${base}/v2/shipping/carriers`, headers, {
      code: 'acme',
      name: 'Acme',
      rate_url: `http://127.0.0.1:${port}/rate`,
      zone_ids: zoneIds,
      origin: { zip: '78701', country_iso2: 'US', state_iso2: 'TX' },
    });
    if (connected.status !== 201) throw new Error(`connecting the carrier: ${connected.status} ${connected.body.slice(0, 300)}`);
    const calls = async () => (JSON.parse((await origin.request('GET', '/calls', {})).body) as { calls: number }).calls;
    for (const [phase, postcodes] of [['carrier hit', undefined], ['carrier miss', freshPostcodes()]] as const) {
      for (const dialect of DIALECTS) {
        const result = await loadPhase(`${label} ${phase}`, dialect, target, pids, { calls, ...(postcodes ? { postcodes } : {}) });
        results.push(result);
        process.stdout.write(`  ${result.label} ${dialect}: ${result.flowsPerS.toFixed(1)} flows/s, ${result.carrierCallsPerFlow!.toFixed(2)} carrier calls/flow\n`);
      }
    }
  } finally {
    origin.close();
    await stop(carrier);
  }
  return results;
}

function carrierTable(loads: LoadResult[]): string {
  const lines = [
    '## With a carrier connected (quotes from cache, and fetched in every flow)',
    '',
    '| run | dialect | flows/s | vs no carrier | CPU ms/flow | CPU vs no carrier | carrier calls/flow | all p99 ms |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of loads) {
    if (r.carrierCallsPerFlow === undefined) continue;
    const plain = loads.find((p) => p.dialect === r.dialect && p.label === r.label.replace(/ carrier (hit|miss)$/, ''));
    const vs = (a: number, b: number | undefined) => (b === undefined ? '-' : `${(a / b).toFixed(2)}x`);
    lines.push(`| ${r.label} | ${r.dialect} | ${fixed(r.flowsPerS, 1)} | ${vs(r.flowsPerS, plain?.flowsPerS)} | ${fixed(r.cpuMsPerFlow, 2)} | ${vs(r.cpuMsPerFlow, plain?.cpuMsPerFlow)} | ${r.carrierCallsPerFlow.toFixed(2)} | ${ms(r.all.p99)} |`);
  }
  return lines.join('\n');
}

/** One flow per dialect against Consign, keeping each step's last answer for the ceiling server. */
async function record(target: Target): Promise<Record<Dialect, Record<string, { status: number; body: string }>>> {
  const recorded = { storefront: {}, management: {} } as Record<Dialect, Record<string, { status: number; body: string }>>;
  for (const dialect of ['storefront', 'management'] as const) {
    await runFlow(dialect, target, CREDENTIALS, (step, answer) => (recorded[dialect][step] = { status: answer.status, body: answer.body }));
  }
  return recorded;
}

// ---------------------------------------------------------------- consignment counts

interface CountResult {
  count: number;
  create: Summary;
  put: Summary;
  get: Summary;
  /** The service's CPU time per request (ms), which a busy machine disturbs far less than latency. */
  createCpu: Summary;
  putCpu: Summary;
  getCpu: Summary;
}

/**
 * CPU time of every thread of the processes so far, in ms, from /proc/<pid>/task/<tid>/schedstat
 * (ns); with `mainOnly`, of each process's main thread alone (its task id is the process id).
 */
function threadCpuMs(pids: readonly number[], mainOnly = false): number {
  let ns = 0;
  for (const pid of pids) {
    for (const tid of mainOnly ? [String(pid)] : readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  }
  return ns / 1e6;
}

/** The cost of one POST creating N consignments, and of a PUT and a GET on a checkout holding N. */
async function countPhase(target: Target, pids: readonly number[]): Promise<CountResult[]> {
  const base = `/stores/${CREDENTIALS.storeHash}/v3`;
  const headers = { 'x-auth-token': CREDENTIALS.token };
  const options = 'include=consignments.available_shipping_options';
  const check = (answer: Answer, status: number) => {
    if (answer.status !== status) throw new Error(`expected ${status}, got ${answer.status}: ${answer.body.slice(0, 300)}`);
    return JSON.parse(answer.body) as { data: { id: string; line_items: { physical_items: { id: string }[] }; consignments: { id: string; available_shipping_options: { id: string }[] }[] } };
  };
  const results: CountResult[] = [];
  const operations = 5;
  // The one client waits for each answer, so the service's CPU time across a request is that request's.
  const timed = async (cpu: number[], send: () => Promise<Answer>) => {
    const before = threadCpuMs(pids);
    const answer = await send();
    cpu.push(threadCpuMs(pids) - before);
    return answer;
  };
  // The first round warms up the service and is not counted. It repeats each count: V8 optimises
  // the code a checkout of 100 goes through only after some 30 POSTs of 100, and its compiler's
  // threads work in the requests before that. With one warm-up request per count, the POST of 100
  // was measured at 6 ms of compiling on top of 7 ms of its own (BENCHMARKS.md, stop 17).
  for (const warm of [true, false]) {
    for (const count of COUNTS) {
      const create: number[] = [];
      const put: number[] = [];
      const get: number[] = [];
      const createCpu: number[] = [];
      const putCpu: number[] = [];
      const getCpu: number[] = [];
      for (let rep = 0; rep < (warm ? WARM_REPS : REPS); rep++) {
        const cart = check(await target.pick().request('POST', `${base}/carts`, headers, { line_items: [{ product_id: 4, quantity: count }] }), 201).data;
        const line = cart.line_items.physical_items[0]!.id;
        const body = Array.from({ length: count }, (_, i) => ({ address: ADDRESSES[i % ADDRESSES.length], line_items: [{ item_id: line, quantity: 1 }] }));
        const created = await timed(createCpu, () => target.pick().request('POST', `${base}/checkouts/${cart.id}/consignments?${options}`, headers, body));
        const checkout = check(created, 200).data;
        if (checkout.consignments.length !== count) throw new Error(`expected ${count} consignments, got ${checkout.consignments.length}`);
        create.push(created.ms);
        const first = checkout.consignments[0]!;
        for (let i = 0; i < operations; i++) {
          // Alternating between two options makes every PUT a real change.
          const option = first.available_shipping_options[i % Math.min(2, first.available_shipping_options.length)]!;
          const answer = await timed(putCpu, () => target.pick().request('PUT', `${base}/checkouts/${cart.id}/consignments/${first.id}?${options}`, headers, { shipping_option_id: option.id }));
          check(answer, 200);
          put.push(answer.ms);
        }
        for (let i = 0; i < operations; i++) {
          const answer = await timed(getCpu, () => target.pick().request('GET', `${base}/checkouts/${cart.id}`, headers));
          check(answer, 200);
          get.push(answer.ms);
        }
      }
      if (!warm) {
        results.push({
          count,
          create: summarise(create),
          put: summarise(put),
          get: summarise(get),
          createCpu: summarise(createCpu),
          putCpu: summarise(putCpu),
          getCpu: summarise(getCpu),
        });
      }
    }
  }
  return results;
}

// ---------------------------------------------------------------- PostgreSQL

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: flags['pg-url'] });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(flags['pg-url']);
  url.pathname = `/${name}`;
  return url.toString();
}

// ---------------------------------------------------------------- report

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');
const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** Flows/s as a share (%) of a reference's for the same dialect; undefined for the reference itself or without one. */
function share(r: LoadResult, reference: Map<Dialect, LoadResult>): number | undefined {
  const ref = reference.get(r.dialect);
  return ref && ref !== r ? (100 * r.flowsPerS) / ref.flowsPerS : undefined;
}

/** CPU per flow as a multiple of a reference's for the same dialect. */
function cpuRatio(r: LoadResult, reference: Map<Dialect, LoadResult>): number | undefined {
  const ref = reference.get(r.dialect);
  return ref && ref !== r ? r.cpuMsPerFlow / ref.cpuMsPerFlow : undefined;
}

function loadTable(results: LoadResult[], ceiling: Map<Dialect, LoadResult>, floor: Map<Dialect, LoadResult>): string {
  const lines = [
    `| run | dialect | flows/s | req/s | vs ceiling | vs floor | ${STEPS.map((s) => `${s} p50/p95/p99 ms`).join(' | ')} | all p99 ms | errors | service CPU % | CPU ms/flow | of which other threads | CPU vs floor | peak RSS MB |`,
    `|${'---|'.repeat(14 + STEPS.length - 1)}`,
  ];
  const percent = (n: number | undefined) => (n === undefined ? '-' : `${fixed(n)}%`);
  for (const r of results) {
    const cpu = cpuRatio(r, floor);
    lines.push(
      `| ${r.label} | ${r.dialect} | ${fixed(r.flowsPerS, 1)} | ${fixed(r.requestsPerS)} | ${percent(share(r, ceiling))} | ${percent(share(r, floor))} | ${STEPS.map((s) => `${ms(r.steps[s].p50)} / ${ms(r.steps[s].p95)} / ${ms(r.steps[s].p99)}`).join(' | ')} | ${ms(r.all.p99)} | ${r.errors} | ${fixed(r.cpuPercent)} | ${fixed(r.cpuMsPerFlow, 2)} | ${fixed(r.otherThreadsMsPerFlow, 2)} | ${cpu === undefined ? '-' : `${cpu.toFixed(2)}x`} | ${fixed(r.peakRssMb)} |`,
    );
  }
  return lines.join('\n');
}

function countTable(label: string, results: CountResult[]): string {
  const one = results.find((r) => r.count === 1);
  const cell = (r: CountResult, wall: 'create' | 'put' | 'get', cpu: 'createCpu' | 'putCpu' | 'getCpu') => {
    const ratio = (key: typeof wall | typeof cpu) => (one ? ` (${(r[key].p50 / one[key].p50).toFixed(2)}x)` : '');
    return `${ms(r[wall].p50)} / ${ms(r[wall].p95)}${ratio(wall)} | ${ms(r[cpu].p50)}${ratio(cpu)}`;
  };
  const lines = [
    `${label}: wall p50 / p95 ms and the service's CPU ms per request (p50), each with its ratio to N = 1`,
    '',
    '| N | POST creating N: wall | CPU | PUT select, checkout of N: wall | CPU | GET checkout of N: wall | CPU |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of results) lines.push(`| ${r.count} | ${cell(r, 'create', 'createCpu')} | ${cell(r, 'put', 'putCpu')} | ${cell(r, 'get', 'getCpu')} |`);
  return lines.join('\n');
}

// ---------------------------------------------------------------- webhooks

/** A webhook receiver that answers 200 at once and counts what it got. */
async function startReceiver(): Promise<{ url: string; close: () => Promise<void> }> {
  const { createServer: createHttpServer } = await import('node:http');
  let received = 0;
  const server = createHttpServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received++;
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    close: async () => {
      process.stdout.write(`  webhook receiver got ${received} deliveries\n`);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Subscribes the bench store to every cart event, then waits out the second a process may trust its cached configuration. */
async function subscribe(port: number, destination: string): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/stores/${CREDENTIALS.storeHash}/v3/hooks`, {
    method: 'POST',
    headers: { 'x-auth-token': CREDENTIALS.token, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ scope: 'store/cart/*', destination }),
  });
  if (response.status !== 200) throw new Error(`subscribing a hook answered ${response.status}: ${await response.text()}`);
  await new Promise((resolve) => setTimeout(resolve, 1_100));
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  process.stdout.write(`consign bench: ${DURATION_S}s per phase, ${CLIENTS} clients, stores ${STORES.join(',')}, dialects ${DIALECTS.join(',')}\n`);
  const loads: LoadResult[] = [];
  const counts: Record<string, CountResult[]> = {};
  const ceiling = new Map<Dialect, LoadResult>();
  const floor = new Map<Dialect, LoadResult>();
  let references = false;
  const work = mkdtempSync(join(tmpdir(), 'consign-bench-'));
  const cleanups: (() => Promise<void>)[] = [];
  const profileDir = flags.profile;
  try {
    const runs: { kind: StoreKind; label: string; cli: string; hook?: boolean }[] = STORES.flatMap((kind) => [
      ...(flags.baseline ? [{ kind, label: `${kind} before`, cli: flags.baseline }] : []),
      { kind, label: kind as string, cli: 'dist/cli.js' },
      // With a baseline, the hook's run has its own before (the after / before table pairs them by label).
      ...(flags.hook && flags.baseline ? [{ kind, label: `${kind} +hook before`, cli: flags.baseline, hook: true }] : []),
      ...(flags.hook ? [{ kind, label: `${kind} +hook`, cli: 'dist/cli.js', hook: true }] : []),
    ]);
    const receiver = flags.hook ? await startReceiver() : undefined;
    if (receiver) cleanups.push(receiver.close);
    for (const [index, { kind, label, cli, hook }] of runs.entries()) {
      let services: Service[];
      if (kind === 'sqlite') {
        services = [await startConsign(cli, { DATA_DIR: join(work, `sqlite${index}`) }, profileDir)];
      } else {
        const name = `consign_bench_${process.pid}_${index}`;
        await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
        cleanups.push(() => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name}`)).then(() => {}));
        const env = { DATABASE_URL: databaseUrl(name), DATA_DIR: join(work, `pg${index}`) };
        // The second process starts after the first has migrated and seeded the demo store.
        services = [await startConsign(cli, env, profileDir)];
        if (kind === 'postgres2') services.push(await startConsign(cli, env, profileDir));
      }
      const pids = services.map((s) => s.proc.pid!);
      if (hook && receiver) await subscribe(services[0]!.port, receiver.url);
      const target = new Target(services.map((s) => new Origin(s.port, CLIENTS)));
      try {
        if (!references && DIALECTS.length > 0 && !(flags['no-ceiling'] && flags['no-floor'])) {
          // The references answer with the bodies Consign gave, and run right before Consign's first phase.
          references = true;
          const templates = join(work, 'templates.json');
          writeFileSync(templates, JSON.stringify(await record(target)));
          const servers: [string, Map<Dialect, LoadResult>, string[]][] = [];
          if (!flags['no-ceiling']) servers.push(['ceiling', ceiling, ['bench/ceiling.ts', templates]]);
          if (!flags['no-floor']) servers.push(['floor', floor, ['bench/floor.ts', templates, join(work, 'floor.sqlite'), CREDENTIALS.token]]);
          for (const [name, results, [script, ...args]] of servers) {
            const port = await freePort();
            const server = await startProcess(['--import', 'tsx', script!, String(port), ...args], {}, port);
            const serverTarget = new Target([new Origin(port, CLIENTS)]);
            try {
              for (const dialect of DIALECTS) {
                const result = await loadPhase(name, dialect, serverTarget, [server.proc.pid!]);
                results.set(dialect, result);
                loads.push(result);
                process.stdout.write(`  ${name} ${dialect}: ${result.flowsPerS.toFixed(1)} flows/s\n`);
              }
            } finally {
              serverTarget.close();
              await stop(server);
            }
          }
        }
        for (const dialect of DIALECTS) {
          const result = await loadPhase(label, dialect, target, pids);
          loads.push(result);
          process.stdout.write(`  ${label} ${dialect}: ${result.flowsPerS.toFixed(1)} flows/s, p99 ${result.all.p99.toFixed(2)} ms\n`);
        }
        if (!flags['no-counts']) {
          counts[label] = await countPhase(target, pids);
          process.stdout.write(`  ${label} consignment counts done\n`);
        }
        if (!flags['no-carrier'] && DIALECTS.length > 0) loads.push(...(await carrierPhases(label, target, pids)));
      } finally {
        target.close();
        for (const service of services) await stop(service);
      }
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => process.stderr.write(`cleanup: ${(e as Error).message}\n`));
    rmSync(work, { recursive: true, force: true });
  }

  const report = [
    '',
    `## Flow throughput (${CLIENTS} closed-loop clients, ${DURATION_S} s per phase)`,
    '',
    loadTable(loads.filter((r) => r.carrierCallsPerFlow === undefined), ceiling, floor),
    '',
    ...(loads.some((r) => r.carrierCallsPerFlow !== undefined) ? [carrierTable(loads), ''] : []),
    ...Object.entries(counts).flatMap(([kind, results]) => [countTable(kind, results), '']),
    targets(loads, ceiling, floor, counts),
    '',
    ...(flags.baseline ? [beforeAfter(loads, counts)] : []),
  ].join('\n');
  process.stdout.write(report + '\n');
  if (flags.out) {
    const ratios = loads.map((r) => ({ label: r.label, dialect: r.dialect, vsCeiling: share(r, ceiling), vsFloor: share(r, floor), cpuVsFloor: cpuRatio(r, floor) }));
    writeFileSync(flags.out, JSON.stringify({ flags, loads, ratios, counts }, null, 2));
  }
}

/** Each store's figures after the optimisations as a ratio to the same figures before them, from this run. */
function beforeAfter(loads: LoadResult[], counts: Record<string, CountResult[]>): string {
  const lines = ['## Before and after (after / before, same run)', '', '| run | dialect | flows/s | CPU ms/flow | all p99 |', '|---|---|---|---|---|'];
  for (const after of loads) {
    const before = loads.find((b) => b.label === `${after.label} before` && b.dialect === after.dialect);
    if (!before) continue;
    lines.push(`| ${after.label} | ${after.dialect} | ${(after.flowsPerS / before.flowsPerS).toFixed(2)}x | ${(after.cpuMsPerFlow / before.cpuMsPerFlow).toFixed(2)}x | ${(after.all.p99 / before.all.p99).toFixed(2)}x |`);
  }
  lines.push('', '| run | N | POST N p50 | PUT p50 | GET p50 |', '|---|---|---|---|---|');
  for (const [label, results] of Object.entries(counts)) {
    const before = counts[`${label} before`];
    if (!before) continue;
    for (const r of results) {
      const b = before.find((x) => x.count === r.count);
      if (!b) continue;
      lines.push(`| ${label} | ${r.count} | ${(r.create.p50 / b.create.p50).toFixed(2)}x | ${(r.put.p50 / b.put.p50).toFixed(2)}x | ${(r.get.p50 / b.get.p50).toFixed(2)}x |`);
    }
  }
  return lines.join('\n');
}

function targets(loads: LoadResult[], ceiling: Map<Dialect, LoadResult>, floor: Map<Dialect, LoadResult>, counts: Record<string, CountResult[]>): string {
  const lines = ['## Targets', ''];
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  for (const r of loads) {
    if (r.label === 'ceiling' || r.label === 'floor' || r.label.endsWith(' before') || r.carrierCallsPerFlow !== undefined) continue;
    const ofCeiling = share(r, ceiling);
    const goal = r.label === 'sqlite' ? 50 : 25;
    if (ofCeiling !== undefined) lines.push(`- ${r.label} ${r.dialect}: ${ofCeiling.toFixed(0)}% of the ceiling (target >= ${goal}%): ${verdict(ofCeiling >= goal)}`);
    const ofFloor = share(r, floor);
    const cpu = cpuRatio(r, floor);
    if (r.label === 'sqlite' && ofFloor !== undefined && cpu !== undefined) {
      lines.push(`- sqlite ${r.dialect}: ${ofFloor.toFixed(0)}% of the floor (target >= 70%): ${verdict(ofFloor >= 70)}; CPU per flow ${cpu.toFixed(2)}x the floor's (target <= 1.5x): ${verdict(cpu <= 1.5)}`);
    }
    if (r.label === 'sqlite') {
      const worst = Math.max(...STEPS.map((s) => r.steps[s].p99));
      lines.push(`- sqlite ${r.dialect}: worst per-step p99 ${worst.toFixed(2)} ms (target < 10 ms): ${verdict(worst < 10)}`);
    }
  }
  for (const [kind, results] of Object.entries(counts)) {
    if (kind.endsWith(' before')) continue;
    const one = results.find((r) => r.count === 1);
    const hundred = results.find((r) => r.count === 100);
    if (!one || !hundred) continue;
    for (const [what, wall, cpu, goal] of [
      ['PUT on 100 consignments vs the PUT on 1', 'put', 'putCpu', 3],
      ['POST of 100 consignments vs the POST of 1', 'create', 'createCpu', 10],
    ] as const) {
      const byWall = hundred[wall].p50 / one[wall].p50;
      const byCpu = hundred[cpu].p50 / one[cpu].p50;
      lines.push(`- ${kind}: ${what}: wall ${byWall.toFixed(2)}x, service CPU ${byCpu.toFixed(2)}x (target <= ${goal}x): ${verdict(byWall <= goal)} by wall, ${verdict(byCpu <= goal)} by CPU`);
    }
  }
  return lines.join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
