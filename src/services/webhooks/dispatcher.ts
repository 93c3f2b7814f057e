import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DEFAULT_RETRY_RULE, type RetryRule, afterFailure } from '../../domain/webhooks/retry-rule.js';
import { signDelivery } from '../../domain/webhooks/signature.js';
import type { Webhook } from '../../domain/webhooks/webhook.js';
import type { ClaimedWebhookDelivery, Store, StoreRecord, WebhookOutcome } from '../../store/store.js';
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
  /** Deliveries claimed at a time. */
  readonly batch?: number;
  /** Where a failed poll or a deactivation is reported. */
  readonly log?: Logger;
}

/** What the delivery log keeps of a receiver's answer. */
const ANSWER_LIMIT = 500;

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
  readonly #log: Logger | undefined;
  readonly #stores = new Map<number, StoreRecord>();
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #woken = false;

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
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let claimed = 0;
      try {
        claimed = await this.dispatchDue();
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

  /** Claims and sends one batch of due deliveries; returns how many were claimed. */
  async dispatchDue(): Promise<number> {
    const now = this.now();
    const claimed = await this.store.claimWebhookDeliveries(this.#owner, now, now + this.#leaseMs, this.#batch);
    // One resource's deliveries are never claimed together (the store's ordering), so all can go at once.
    await Promise.all(claimed.map((delivery) => this.#deliver(delivery)));
    return claimed.length;
  }

  async #deliver(delivery: ClaimedWebhookDelivery): Promise<void> {
    const record = await this.#storeRecord(delivery.storeId);
    const hook = record && (await this.subscriptions.find(record, delivery.hookId));
    if (!record || !hook || !hook.isActive) {
      await this.#finish(delivery, { status: 'abandoned', statusCode: null, answer: hook ? 'The webhook is inactive.' : 'The webhook was deleted.', at: this.now() });
      return;
    }
    const { statusCode, answer } = await this.#post(hook, delivery);
    const at = this.now();
    if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
      await this.#finish(delivery, { status: 'delivered', statusCode, answer, at });
      return;
    }
    const next = afterFailure(this.#retry, delivery.attempts, delivery.firstAttemptAt ?? at, at);
    if (next !== 'give-up') {
      await this.#finish(delivery, { status: 'failed', statusCode, answer, at, retryAt: next.retryAt });
      return;
    }
    if (await this.#finish(delivery, { status: 'abandoned', statusCode, answer, at })) {
      await this.subscriptions.deactivate(record, hook.id, 'The webhook was deactivated: its deliveries kept failing.');
      this.#log?.warn({ store_id: delivery.storeId, hook_id: hook.id, scope: hook.scope }, 'webhook deactivated after failing for the whole retry window');
    }
  }

  async #post(hook: Webhook, delivery: ClaimedWebhookDelivery): Promise<{ statusCode: number | null; answer: string }> {
    const timestamp = Math.floor(this.now() / 1000);
    try {
      const response = await fetch(hook.destination, {
        method: 'POST',
        headers: {
          ...(hook.headers ?? {}),
          'content-type': 'application/json',
          'user-agent': 'Consign-Webhooks/1',
          'webhook-id': delivery.eventId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signDelivery(hook.secret, delivery.eventId, timestamp, delivery.body),
        },
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      const text = await response.text();
      return { statusCode: response.status, answer: text.slice(0, ANSWER_LIMIT) };
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `No answer within ${this.#timeoutMs} ms.` : `Could not deliver: ${(error as Error).cause ?? (error as Error).message}`;
      return { statusCode: null, answer: String(reason).slice(0, ANSWER_LIMIT) };
    }
  }

  #finish(delivery: ClaimedWebhookDelivery, outcome: WebhookOutcome): Promise<boolean> {
    return this.store.finishWebhookDelivery(delivery.id, this.#owner, outcome);
  }

  async #storeRecord(id: number): Promise<StoreRecord | undefined> {
    if (!this.#stores.has(id)) for (const record of await this.store.listStores()) this.#stores.set(record.id, record);
    return this.#stores.get(id);
  }
}
