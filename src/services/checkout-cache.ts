import type { Checkout } from '../domain/checkout.js';
import { type StoredCheckout, storedLength } from './checkout-document.js';
import { shareable } from './shared-values.js';

/**
 * How much checkout JSON a process keeps parsed, in characters of the stored documents: some
 * three thousand checkouts of a few items. Parsed objects (and what is kept with them) take a few
 * times their JSON's size in memory.
 */
const DEFAULT_BUDGET = 16 * 1024 * 1024;

/** A checkout kept, and what the database holds for its version (what the next write changes). */
export interface KeptCheckout {
  readonly checkout: Checkout;
  readonly stored: StoredCheckout;
}

/**
 * The checkouts this process read or wrote last, parsed, each at the version it had. A cached
 * checkout is answered only after the database confirmed that its version is still the stored
 * one (`Store.findCart` with `knownVersion`), or written over only by a write that requires that
 * version (a write's first round, `CheckoutService.mutate`); a version is written once, so its
 * document cannot have changed. Checkouts are immutable values, so sharing one between requests is safe.
 * Least recently used entries go first once the documents' total size passes the budget.
 */
export class CheckoutCache {
  readonly #entries = new Map<string, KeptCheckout & { readonly size: number }>();
  #size = 0;

  constructor(private readonly budget = DEFAULT_BUDGET) {}

  get(id: string): KeptCheckout | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    // Map keeps insertion order: re-inserting makes this the most recently used entry.
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    return entry;
  }

  /** `stored`: what the database holds for the checkout's version; its length counts against the budget. */
  set(checkout: Checkout, stored: StoredCheckout): void {
    this.delete(checkout.id);
    const size = storedLength(stored);
    if (size > this.budget) return;
    this.#entries.set(checkout.id, { checkout: shareable(checkout), stored, size });
    this.#size += size;
    for (const [id, entry] of this.#entries) {
      if (this.#size <= this.budget) break;
      this.#entries.delete(id);
      this.#size -= entry.size;
    }
  }

  /**
   * Keeps `checkout` in place of the kept checkout of the same id and version: the same stored
   * document, re-derived (its consignments re-quoted with nothing a client sees changed).
   */
  replace(checkout: Checkout): void {
    const entry = this.#entries.get(checkout.id);
    // The database still holds what it held for this version: the stored form stays.
    if (entry && entry.checkout.version === checkout.version) this.#entries.set(checkout.id, { ...entry, checkout: shareable(checkout) });
  }

  delete(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    this.#size -= entry.size;
  }
}

