import type { Webhook } from '../../domain/webhooks/webhook.js';
import { newWebhookSecret } from '../../domain/webhooks/signature.js';
import { type SubscriptionFields, checkSubscription } from '../../domain/webhooks/subscription-rules.js';
import type { ConfigItem, ConfigWriter, Page, Store, StoreRecord, WebhookDeliveryRow } from '../../store/store.js';
import { type ConfigCache, ConfigKind } from '../store-config.js';

export interface WebhookFilter {
  readonly isActive?: boolean;
  readonly scope?: string;
  readonly destination?: string;
}

type StoredWebhook = Omit<Webhook, 'id'>;

/** Thrown inside a configuration transaction that found no such hook, so that it changes nothing. */
const NO_SUCH_HOOK = Symbol('no such hook');

/**
 * Webhook subscriptions (upstream's /v3/hooks) and their delivery logs. Hooks are configuration
 * documents: cached per store with the rest of its configuration, so a write knows its subscribers
 * without a query, and a hook made by another process is seen through the configuration version.
 */
export class WebhookSubscriptions {
  constructor(
    private readonly store: Store,
    private readonly configs: ConfigCache,
    private readonly now: () => number = Date.now,
  ) {}

  async list(record: StoreRecord, filter: WebhookFilter): Promise<Webhook[]> {
    const { webhooks } = await this.configs.get(record);
    return webhooks.filter(
      (hook) =>
        (filter.isActive === undefined || hook.isActive === filter.isActive) &&
        (filter.scope === undefined || hook.scope === filter.scope) &&
        (filter.destination === undefined || hook.destination === filter.destination),
    );
  }

  async find(record: StoreRecord, id: number): Promise<Webhook | undefined> {
    const named = (config: { webhooks: readonly Webhook[] }) => config.webhooks.find((hook) => hook.id === id);
    // A cached configuration may be older than a hook another process made a moment ago (a
    // delivery it recorded for the hook may be claimed here): only the current one says there is none.
    return named(await this.configs.get(record)) ?? named(await this.configs.current(record));
  }

  /** Creates a hook with a new signing secret, which the answer carries (docs/webhooks.md). */
  async create(record: StoreRecord, fields: Required<Pick<SubscriptionFields, 'scope' | 'destination'>> & SubscriptionFields, clientId: string): Promise<Webhook> {
    checkSubscription(fields);
    const at = Math.floor(this.now() / 1000);
    const stored: StoredWebhook = {
      scope: fields.scope,
      destination: fields.destination,
      headers: fields.headers ?? null,
      isActive: fields.isActive ?? true,
      secret: newWebhookSecret(),
      clientId,
      createdAt: at,
      updatedAt: at,
    };
    const id = await this.configs.insert(record, ConfigKind.webhook, stored);
    return { ...stored, id };
  }

  /** Changes a hook; undefined when there is none. A hook made inactive gives up what it had still to send. */
  async update(record: StoreRecord, id: number, fields: SubscriptionFields): Promise<Webhook | undefined> {
    checkSubscription(fields);
    let written: Webhook | undefined;
    await this.#changeHook(record, id, async (tx, item) => {
      const current = JSON.parse(item.document) as StoredWebhook;
      const next: StoredWebhook = {
        ...current,
        ...(fields.scope !== undefined ? { scope: fields.scope } : {}),
        ...(fields.destination !== undefined ? { destination: fields.destination } : {}),
        ...(fields.headers !== undefined ? { headers: fields.headers } : {}),
        ...(fields.isActive !== undefined ? { isActive: fields.isActive } : {}),
        updatedAt: Math.floor(this.now() / 1000),
      };
      await tx.update(ConfigKind.webhook, id, JSON.stringify(next));
      written = { ...next, id };
    });
    if (written && !written.isActive) await this.store.abandonWebhookDeliveries(record.id, id, 'The webhook was deactivated.', this.now());
    return written;
  }

  /** Deletes a hook and gives up what it had still to send; returns it, or undefined when there was none. */
  async remove(record: StoreRecord, id: number): Promise<Webhook | undefined> {
    const hook = await this.find(record, id);
    if (!hook || (await this.configs.remove(record, ConfigKind.webhook, [id])) === 0) return undefined;
    await this.store.abandonWebhookDeliveries(record.id, id, 'The webhook was deleted.', this.now());
    return hook;
  }

  /**
   * Deactivates a hook whose deliveries failed for as long as the retry rule allows, as upstream
   * does, and gives up every delivery it had still to send.
   */
  async deactivate(record: StoreRecord, id: number, why: string): Promise<void> {
    await this.#changeHook(record, id, async (tx, item) => {
      const current = JSON.parse(item.document) as StoredWebhook;
      if (current.isActive) await tx.update(ConfigKind.webhook, id, JSON.stringify({ ...current, isActive: false, updatedAt: Math.floor(this.now() / 1000) }));
    });
    await this.store.abandonWebhookDeliveries(record.id, id, why, this.now());
  }

  /** Changes one hook in a configuration transaction; none at all (no version bump) when it does not exist. */
  async #changeHook(record: StoreRecord, id: number, change: (tx: ConfigWriter, item: ConfigItem) => Promise<void>): Promise<void> {
    try {
      await this.configs.change(record, async (tx) => {
        const item = await tx.find(ConfigKind.webhook, id);
        if (!item) throw NO_SUCH_HOOK;
        await change(tx, item);
      });
    } catch (error) {
      if (error !== NO_SUCH_HOOK) throw error;
    }
  }

  /** A page of a hook's delivery log, newest first; undefined when the hook does not exist. */
  async deliveries(record: StoreRecord, id: number, page: Page): Promise<{ rows: WebhookDeliveryRow[]; total: number } | undefined> {
    if (!(await this.find(record, id))) return undefined;
    return this.store.listWebhookDeliveries(record.id, id, page);
  }
}
