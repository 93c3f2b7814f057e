import type { Checkout } from '../domain/checkout.js';
import type { Consignment } from '../domain/consignment.js';
import type { ProductLineItem } from '../domain/line-items.js';
import type { ShippingQuote } from '../domain/shipping/types.js';
import type { CartPart, CartPartChanges } from '../store/store.js';

/** A consignment or line as stored apart from the head: its key (the head names it by that) and its JSON. */
interface Part {
  readonly key: string;
  readonly json: string;
}

const partsOf = new WeakMap<object, Part>();

/**
 * The part a consignment or line is stored as, made once per object: domain values are never
 * mutated. The key too: an unchanged object's key is then the very same string at every write,
 * so looking it up in the stored form's map (partChanges) matches at once, and no key is built
 * and flattened again per part and write.
 */
function partOf<T extends object>(value: T, key: (value: T) => string, stored: (value: T) => object = (v) => v): Part {
  let part = partsOf.get(value);
  if (part === undefined) {
    part = { key: key(value), json: JSON.stringify(stored(value)) };
    partsOf.set(value, part);
  }
  return part;
}

/**
 * A consignment as stored: a selected option that is one of its available options (the very
 * object, as the domain picks it; not custom shipping) is stored as its index among them, not a
 * second time. It was a sixth of a small checkout's document, and took the document past a 4 KB
 * page in the SQLite benchmark's flow, so each write stored a page more (BENCHMARKS.md). A
 * consignment stored with the whole option (before, or custom shipping) reads as it is.
 */
type StoredConsignment = Omit<Consignment, 'selectedShippingOption'> & { readonly selectedShippingOption: ShippingQuote | number | null };

function storedConsignment(consignment: Consignment): Consignment | StoredConsignment {
  const selected = consignment.selectedShippingOption;
  const index = selected === null ? -1 : consignment.availableShippingOptions.indexOf(selected);
  return index < 0 ? consignment : { ...consignment, selectedShippingOption: index };
}

function readConsignment(stored: StoredConsignment, checkoutId: string): Consignment {
  const selected = stored.selectedShippingOption;
  if (typeof selected !== 'number') return stored as Consignment;
  const option = stored.availableShippingOptions[selected];
  if (option === undefined) throw new Error(`stored checkout ${checkoutId} selects option ${selected} of ${stored.availableShippingOptions.length} on consignment ${stored.id}`);
  return { ...stored, selectedShippingOption: option };
}

/**
 * A checkout as the database holds it. Consignments and cart lines are what grows with a
 * checkout, and a command replaces only the ones it changes, so each is stored as a part of its
 * own (a row keyed by the cart and `c:<consignment id>` or `l:<line id>`), and the head, the
 * checkout's JSON with the rest, names each part in its place by that key. A write then stores
 * the head and the parts that changed, not the whole checkout (BENCHMARKS.md).
 */
export interface StoredCheckout {
  readonly head: string;
  /** Each part's JSON by key, in the checkout's order. */
  readonly parts: ReadonlyMap<string, string>;
}

/**
 * Up to this many consignments and lines, a checkout is stored whole in its head, with no parts:
 * its write is then one statement, where parts take a transaction (a few statements more, and on
 * PostgreSQL round trips) that only pays for itself once the document is tens of kilobytes.
 */
export const WHOLE_UP_TO = 16;

const consignmentKey = (consignment: Consignment) => `c:${consignment.id}`;
const lineKey = (line: ProductLineItem) => `l:${line.id}`;

/**
 * The stored form of `checkout`. The JSON of a consignment or line a command did not touch (the
 * same object) is reused from the last time it was written or read, not serialised again.
 */
export function storedCheckout(checkout: Checkout, wholeUpTo = WHOLE_UP_TO): StoredCheckout {
  if (checkout.consignments.length + checkout.lineItems.products.length <= wholeUpTo) {
    return { head: JSON.stringify({ ...checkout, consignments: checkout.consignments.map(storedConsignment) }), parts: new Map() };
  }
  const parts = new Map<string, string>();
  const keyOf = (part: Part) => {
    parts.set(part.key, part.json);
    return part.key;
  };
  // The lines first, then the consignments, in the map as in the head.
  const products = checkout.lineItems.products.map((line) => keyOf(partOf(line, lineKey)));
  const consignments = checkout.consignments.map((consignment) => keyOf(partOf(consignment, consignmentKey, storedConsignment)));
  const head = JSON.stringify({ ...checkout, lineItems: { ...checkout.lineItems, products }, consignments });
  return { head, parts };
}

/**
 * The checkout a stored head and its parts hold, at `version`, with that stored form. A head stored
 * whole (a small checkout, or one written before parts were stored apart) holds every consignment
 * and line itself and reads the same way. `parts` are every part the head names or, with `kept`
 * (the checkout at an earlier version, and its stored form), only those written after that version:
 * a part the head names and `parts` lack is unchanged since, and is taken as kept, its parsed
 * object with it while that object's JSON is the one stored.
 */
export function readCheckout(
  head: string,
  parts: readonly CartPart[],
  version: number,
  kept?: { readonly checkout: Checkout; readonly stored: StoredCheckout },
): { checkout: Checkout; stored: StoredCheckout } {
  const checkout = JSON.parse(head) as Omit<Checkout, 'consignments' | 'lineItems'> & {
    consignments: readonly (StoredConsignment | string)[];
    lineItems: Checkout['lineItems'] & { products: readonly (ProductLineItem | string)[] };
  };
  const read = new Map(parts.map((p) => [p.key, p.document]));
  const keptObjects = new Map<string, object>();
  if (kept) {
    for (const line of kept.checkout.lineItems.products) keptObjects.set(lineKey(line), line);
    for (const consignment of kept.checkout.consignments) keptObjects.set(consignmentKey(consignment), consignment);
  }
  const stored = new Map<string, string>();
  const part = <S extends object, T extends object>(value: S | string, fromStored: (stored: S) => T): T => {
    if (typeof value !== 'string') return fromStored(value);
    const json = read.get(value) ?? kept?.stored.parts.get(value);
    if (json === undefined) throw new Error(`stored checkout ${checkout.id} lacks its part ${value}`);
    stored.set(value, json);
    const object = keptObjects.get(value);
    if (object !== undefined && partsOf.get(object)?.json === json) return object as T;
    const parsed = fromStored(JSON.parse(json) as S);
    // The stored JSON is this object's: a write that leaves it unchanged compares equal at once.
    partsOf.set(parsed, { key: value, json });
    return parsed;
  };
  // The lines first, then the consignments: the order storedCheckout keeps them in.
  const products = checkout.lineItems.products.map((line) => part(line, (l: ProductLineItem) => l));
  const consignments = checkout.consignments.map((consignment) => part(consignment, (c: StoredConsignment) => readConsignment(c, checkout.id)));
  // The kept currency too, while the same: the presented form of each line and consignment is
  // kept while the currency it was made with is the very same value (api/presented.ts).
  const currency = kept && JSON.stringify(kept.checkout.currency) === JSON.stringify(checkout.currency) ? kept.checkout.currency : checkout.currency;
  return { checkout: { ...checkout, currency, lineItems: { ...checkout.lineItems, products }, consignments, version }, stored: { head, parts: stored } };
}

/** What a write of `next` over `stored` (what the database holds now; null for a new cart) must change. */
export function partChanges(stored: StoredCheckout | null, next: StoredCheckout): CartPartChanges {
  const written: CartPart[] = [];
  let alsoStored = 0;
  next.parts.forEach((document, key) => {
    const before = stored?.parts.get(key);
    // Usually the very same string (an unchanged object's kept JSON), so the comparison is instant.
    if (before !== document) written.push({ key, document });
    if (before !== undefined) alsoStored++;
  });
  const removed: string[] = [];
  // Keys are unique: when every next key but the new ones was stored, nothing stored is gone.
  if (stored && alsoStored < stored.parts.size) for (const key of stored.parts.keys()) if (!next.parts.has(key)) removed.push(key);
  return { written, removed };
}

/** The stored form's size in UTF-8, as the databases hold it. */
export function storedBytes(stored: StoredCheckout): number {
  let bytes = Buffer.byteLength(stored.head, 'utf8');
  for (const document of stored.parts.values()) bytes += Buffer.byteLength(document, 'utf8');
  return bytes;
}

/** The stored form's length in characters: what the checkout cache counts. */
export function storedLength(stored: StoredCheckout): number {
  let length = stored.head.length;
  for (const document of stored.parts.values()) length += document.length;
  return length;
}
