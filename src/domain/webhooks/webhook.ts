/** A subscription: where events of a scope are sent, with which headers, signed with which secret. */
export interface Webhook {
  readonly id: number;
  readonly scope: string;
  readonly destination: string;
  /** Sent as they are with every delivery (upstream's custom headers). */
  readonly headers: Readonly<Record<string, string>> | null;
  readonly isActive: boolean;
  /** Standard Webhooks secret, `whsec_` and base64 (signature.ts). */
  readonly secret: string;
  /** The API account that created it, as upstream's `client_id`. */
  readonly clientId: string;
  /** Epoch seconds, as upstream's. */
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** What the service records when something happens: an event of one scope about one resource. */
export interface WebhookEvent {
  readonly scope: string;
  /**
   * The chain the event is delivered in order within (`cart:{id}`): a hook gets a resource's
   * events one at a time, each after the one before was delivered or given up.
   */
  readonly resource: string;
  /** Upstream's lightweight `data`: `type`, `id`, and scope-specific fields. */
  readonly data: Readonly<Record<string, unknown>>;
}
