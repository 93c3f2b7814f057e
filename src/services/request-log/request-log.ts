/**
 * One request as the log keeps it: references to what the request already had in hand (the raw
 * body it was sent, the serialized answer), nothing copied or masked at request time.
 */
export interface RecordedRequest {
  /** Increasing within the process: newer requests have larger ids. */
  readonly id: number;
  readonly method: string;
  /** The request's URL as sent: path and query. */
  readonly url: string;
  readonly status: number;
  readonly durationMs: number;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly requestBody: string | null;
  /** The body's length before truncation, when it was truncated. */
  readonly requestBodyLength: number;
  /** The answer as it was sent: text, or the UTF-8 bytes an answer assembled from kept parts is (api/reply-json.ts). */
  readonly responseBody: string | Buffer | null;
  readonly responseBodyLength: number;
}

export type RequestToRecord = Omit<RecordedRequest, 'id' | 'requestBodyLength' | 'responseBodyLength'>;

export interface RequestLogLimits {
  /** Requests kept per store: the newest. */
  readonly perStore: number;
  /** Characters of a body kept; the rest is dropped when the request is recorded. */
  readonly bodyChars: number;
  /** Requests kept by the process, all stores together. */
  readonly totalRequests: number;
  /** Characters of bodies kept by the process, all stores together. */
  readonly totalBodyChars: number;
}

/** 200 per store, 16 KiB of each body; 20,000 requests and 16 Mi characters of bodies (at most 32 MiB) in all. */
export const DEFAULT_REQUEST_LOG_LIMITS: RequestLogLimits = {
  perStore: 200,
  bodyChars: 16 * 1024,
  totalRequests: 20_000,
  totalBodyChars: 16 * 1024 * 1024,
};

/** A kept request, with what the log needs to drop it: one object per request. */
interface Slot extends RecordedRequest {
  readonly storeId: number;
  readonly chars: number;
  dropped: boolean;
  /** Let go when the slot is dropped (see #drop). */
  requestBody: string | null;
  responseBody: string | Buffer | null;
}

/**
 * The last requests of each store, in this process's memory (docs/request-log.md). Each store keeps
 * its newest `perStore`; the process keeps at most `totalRequests` and `totalBodyChars` in all, and
 * past either drops the oldest, whichever store they belong to. Recording is a few assignments; a
 * body longer than `bodyChars` is the one case that copies (its first `bodyChars` characters), so
 * that the log never holds a large body alive.
 */
export class RequestLog {
  readonly limits: RequestLogLimits;
  readonly #byStore = new Map<number, Slot[]>();
  /** Every kept request, oldest first from `#oldest`: a ring of `totalRequests` slots. */
  readonly #all: (Slot | undefined)[];
  #oldest = 0;
  #count = 0;
  #chars = 0;
  #nextId = 1;

  constructor(limits: Partial<RequestLogLimits> = {}) {
    this.limits = { ...DEFAULT_REQUEST_LOG_LIMITS, ...limits };
    this.#all = new Array<Slot | undefined>(this.limits.totalRequests);
  }

  record(storeId: number, request: RequestToRecord): void {
    const requestBody = this.#cut(request.requestBody);
    const responseBody = this.#cut(request.responseBody);
    const slot: Slot = {
      id: this.#nextId++,
      method: request.method,
      url: request.url,
      status: request.status,
      durationMs: request.durationMs,
      startedAt: request.startedAt,
      requestBody,
      requestBodyLength: request.requestBody?.length ?? 0,
      responseBody,
      responseBodyLength: request.responseBody?.length ?? 0,
      storeId,
      chars: (requestBody?.length ?? 0) + (responseBody?.length ?? 0),
      dropped: false,
    };
    let ring = this.#byStore.get(storeId);
    if (!ring) this.#byStore.set(storeId, (ring = []));
    ring.push(slot);
    if (ring.length > this.limits.perStore) this.#drop(ring.shift()!);
    if (this.#count === this.limits.totalRequests) this.#dropOldest();
    this.#all[(this.#oldest + this.#count++) % this.limits.totalRequests] = slot;
    this.#chars += slot.chars;
    while (this.#chars > this.limits.totalBodyChars && this.#count > 1) this.#dropOldest();
  }

  /** The store's newest requests first, at most `limit`. */
  recent(storeId: number, limit: number): RecordedRequest[] {
    const ring = this.#byStore.get(storeId) ?? [];
    const found: RecordedRequest[] = [];
    for (let i = ring.length - 1; i >= 0 && found.length < limit; i--) found.push(ring[i]!);
    return found;
  }

  /** How many requests and body characters the process keeps now. */
  size(): { readonly requests: number; readonly bodyChars: number } {
    let requests = 0;
    for (const ring of this.#byStore.values()) requests += ring.length;
    return { requests, bodyChars: this.#chars };
  }

  /** A long body's first characters (bytes, of an answer sent as bytes), copied: a slice would keep the whole body alive. */
  #cut<B extends string | Buffer>(body: B | null): B | null {
    if (body === null || body.length <= this.limits.bodyChars) return body;
    if (typeof body !== 'string') return Buffer.from(body.subarray(0, this.limits.bodyChars)) as B;
    return Buffer.from(body.slice(0, this.limits.bodyChars), 'utf16le').toString('utf16le') as B;
  }

  #drop(slot: Slot): void {
    if (slot.dropped) return;
    slot.dropped = true;
    this.#chars -= slot.chars;
    // A slot dropped from its store's ring stays in the process's ring until it is the oldest
    // there, up to `totalRequests` later: its bodies go now, so that only the requests counted
    // against the bounds hold theirs (else one busy store kept 20,000 answers alive, 50 MB of
    // 2 KiB answers, every one of them copied by the garbage collector into the old generation).
    slot.requestBody = null;
    slot.responseBody = null;
  }

  /** Drops the process's oldest slot; a request still in its store's ring is its oldest there. */
  #dropOldest(): void {
    const slot = this.#all[this.#oldest]!;
    this.#all[this.#oldest] = undefined;
    this.#oldest = (this.#oldest + 1) % this.limits.totalRequests;
    this.#count--;
    if (slot.dropped) return;
    this.#drop(slot);
    const ring = this.#byStore.get(slot.storeId)!;
    ring.shift();
    if (ring.length === 0) this.#byStore.delete(slot.storeId);
  }
}
