import { randomUUID } from 'node:crypto';
import { type ClientRequest, Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { hostname } from 'node:os';
import { DEFAULT_RETRY_RULE, type RetryRule, afterFailure } from '../../domain/webhooks/retry-rule.js';
import { signDelivery } from '../../domain/webhooks/signature.js';
import type { Webhook } from '../../domain/webhooks/webhook.js';
import type { ClaimedWebhookDelivery, FinishedWebhookDelivery, Store, StoreRecord } from '../../store/store.js';
import type { WebhookSubscriptions } from './webhook-subscriptions.js';

/** How the dispatcher sends (docs/webhooks.md); every field has a default, tests shorten them. */
export interface DispatcherOptions {
  readonly retry?: RetryRule;
  /** Longest wait for a receiver's answer. */
  readonly timeoutMs?: number;
  /** How long a claimed delivery is this process's alone; past it (a crash), another process retries it. */
  readonly leaseMs?: number;
  /** How often the outbox is looked at when nothing woke the dispatcher. */
  readonly pollMs?: number;
  /** Deliveries claimed at a time, and the most connections kept to one receiver. */
  readonly batch?: number;
  /** How long delivered and abandoned deliveries stay in the log before they are deleted. */
  readonly retentionMs?: number;
  /** Where a failed poll or a deactivation is reported. */
  readonly log?: Logger;
}

/** What the delivery log keeps of a receiver's answer: characters, and the bytes read to have them. */
const ANSWER_LIMIT = 500;
const ANSWER_BYTES = 4 * ANSWER_LIMIT;

/** Finished deliveries deleted by one statement, and how often a process looks for them. */
const PRUNE_BATCH = 500;
const PRUNE_EVERY_MS = 60_000;

/** How long a connection to a receiver is kept idle for the next delivery (below Node's and most servers' 5 s). */
const IDLE_CONNECTION_MS = 4_000;

/** An attempt's outcome, and the hook to deactivate when it was the last the rule allowed. */
interface Attempt {
  readonly finished: FinishedWebhookDelivery;
  readonly deactivate?: { readonly record: StoreRecord; readonly hook: Webhook };
}

export interface Logger {
  warn(object: object, message: string): void;
}

/**
 * Sends the outbox: claims due deliveries (a lease, so that processes sharing a database never
 * send one delivery at once), posts each signed envelope with the hook's headers, and records the
 * outcome: delivered on a 2xx, else a retry after the rule's delay, or, once the rule's window is
 * spent, the delivery abandoned and its hook deactivated. Runs in the background beside the HTTP
 * server; nothing it does touches a shopper's request.
 */
export class WebhookDispatcher {
  readonly #owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly #retry: RetryRule;
  readonly #timeoutMs: number;
  readonly #leaseMs: number;
  readonly #pollMs: number;
  readonly #batch: number;
  readonly #retentionMs: number;
  readonly #agents: { readonly http: HttpAgent; readonly https: HttpsAgent };
  readonly #log: Logger | undefined;
  readonly #stores = new Map<number, StoreRecord>();
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #woken = false;
  #pruneDueAt = -Infinity;

  constructor(
    private readonly store: Store,
    private readonly subscriptions: WebhookSubscriptions,
    options: DispatcherOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.#retry = options.retry ?? DEFAULT_RETRY_RULE;
    this.#timeoutMs = options.timeoutMs ?? 5_000;
    this.#leaseMs = options.leaseMs ?? Math.max(30_000, this.#timeoutMs * 3);
    this.#pollMs = options.pollMs ?? 500;
    this.#batch = options.batch ?? 20;
    this.#retentionMs = options.retentionMs ?? 7 * 24 * 60 * 60 * 1000;
    // Connections are kept between deliveries, at most one per delivery of a round to each receiver.
    const agent = { keepAlive: true, maxSockets: this.#batch, maxFreeSockets: this.#batch, timeout: IDLE_CONNECTION_MS };
    this.#agents = { http: new HttpAgent(agent), https: new HttpsAgent(agent) };
    this.#log = options.log;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Looks at the outbox now (a write here just recorded events) rather than at the next poll. */
  wake(): void {
    this.#woken = true;
    this.#wake?.();
  }

  /** Stops claiming; deliveries in flight end (each within the timeout) before this resolves. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let claimed = 0;
      try {
        claimed = await this.dispatchDue();
        if (this.now() >= this.#pruneDueAt) await this.prune();
      } catch (error) {
        this.#log?.warn({ err: error }, 'webhook dispatch failed; retrying at the next poll');
      }
      if (claimed >= this.#batch || !this.#running) continue;
      if (this.#woken) {
        this.#woken = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.#pollMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
      this.#woken = false;
    }
  }

  /** Claims and sends one batch of due deliveries, then records their outcomes in one write; returns how many were claimed. */
  async dispatchDue(): Promise<number> {
    const now = this.now();
    const claimed = await this.store.claimWebhookDeliveries(this.#owner, now, now + this.#leaseMs, this.#batch);
    if (claimed.length === 0) return 0;
    // One resource's deliveries are never claimed together (the store's ordering), so all can go at once.
    const attempts = await Promise.all(claimed.map((delivery) => this.#attempt(delivery)));
    const recorded = new Set(await this.store.finishWebhookDeliveries(this.#owner, attempts.map((a) => a.finished)));
    for (const { finished, deactivate } of attempts) {
      // A hook is deactivated by the claimant that recorded the giving up, once.
      if (!deactivate || !recorded.has(finished.id)) continue;
      const { record, hook } = deactivate;
      await this.subscriptions.deactivate(record, hook.id, 'The webhook was deactivated: its deliveries kept failing.');
      this.#log?.warn({ store_id: record.id, hook_id: hook.id, scope: hook.scope }, 'webhook deactivated after failing for the whole retry window');
    }
    return claimed.length;
  }

  /**
   * Deletes one bounded batch of the deliveries that were delivered or abandoned longer ago than
   * the retention period; returns how many went. Pending and failed ones always stay.
   */
  async prune(): Promise<number> {
    const pruned = await this.store.pruneWebhookDeliveries(this.now() - this.#retentionMs, PRUNE_BATCH);
    // A full batch says more are waiting: the next goes a poll later, so that a backlog drains in
    // short statements spread out rather than back to back.
    this.#pruneDueAt = this.now() + (pruned === PRUNE_BATCH ? this.#pollMs : PRUNE_EVERY_MS);
    return pruned;
  }

  /** Sends one delivery and says how it went, and whether its hook is to be deactivated. */
  async #attempt(delivery: ClaimedWebhookDelivery): Promise<Attempt> {
    const record = await this.#storeRecord(delivery.storeId);
    const hook = record && (await this.subscriptions.find(record, delivery.hookId));
    if (!record || !hook || !hook.isActive) {
      return { finished: { id: delivery.id, status: 'abandoned', statusCode: null, answer: hook ? 'The webhook is inactive.' : 'The webhook was deleted.', at: this.now() } };
    }
    const { statusCode, answer } = await this.#post(hook, delivery);
    const at = this.now();
    if (statusCode !== null && statusCode >= 200 && statusCode < 300) return { finished: { id: delivery.id, status: 'delivered', statusCode, answer, at } };
    const next = afterFailure(this.#retry, delivery.attempts, delivery.firstAttemptAt ?? at, at);
    if (next !== 'give-up') return { finished: { id: delivery.id, status: 'failed', statusCode, answer, at, retryAt: next.retryAt } };
    return { finished: { id: delivery.id, status: 'abandoned', statusCode, answer, at }, deactivate: { record, hook } };
  }

  /**
   * POSTs the signed envelope over a kept-alive connection and reads at most what the log keeps
   * of the answer. The whole exchange, from sending to the answer's last byte, gets the timeout.
   */
  #post(hook: Webhook, delivery: ClaimedWebhookDelivery): Promise<{ statusCode: number | null; answer: string }> {
    const timestamp = Math.floor(this.now() / 1000);
    const headers = {
      ...(hook.headers ?? {}),
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(delivery.body)),
      'user-agent': 'Consign-Webhooks/1',
      'webhook-id': delivery.eventId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signDelivery(hook.secret, delivery.eventId, timestamp, delivery.body),
    };
    return new Promise((resolve) => {
      let settled = false;
      const settle = (statusCode: number | null, answer: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ statusCode, answer: answer.slice(0, ANSWER_LIMIT) });
      };
      const failed = (error: Error) => settle(null, `Could not deliver: ${error.message}`);
      let timer: NodeJS.Timeout | undefined;
      let request: ClientRequest;
      try {
        const url = new URL(hook.destination);
        const secure = url.protocol === 'https:';
        request = (secure ? httpsRequest : httpRequest)(url, { method: 'POST', headers, agent: secure ? this.#agents.https : this.#agents.http });
      } catch (error) {
        failed(error as Error);
        return;
      }
      timer = setTimeout(() => {
        settle(null, `No answer within ${this.#timeoutMs} ms.`);
        request.destroy();
      }, this.#timeoutMs);
      request.on('error', failed);
      request.on('response', (response) => {
        const kept: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size >= ANSWER_BYTES) return;
          kept.push(chunk);
          size += chunk.length;
        });
        response.on('error', failed);
        response.on('end', () => settle(response.statusCode ?? null, Buffer.concat(kept).toString('utf8')));
        response.on('close', () => {
          if (!response.complete) failed(new Error('the connection closed before the answer ended'));
        });
      });
      request.end(delivery.body);
    });
  }

  async #storeRecord(id: number): Promise<StoreRecord | undefined> {
    if (!this.#stores.has(id)) for (const record of await this.store.listStores()) this.#stores.set(record.id, record);
    return this.#stores.get(id);
  }
}
