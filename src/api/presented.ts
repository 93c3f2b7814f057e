import { shareable } from '../services/shared-values.js';

/** The JSON of each kept presented form, in UTF-8, made the first time an answer holding it is sent. */
const keptJson = new WeakMap<object, Buffer | null>();

/**
 * The presented form of a domain value, kept per object. A consignment or line that a request did
 * not change is the same object as before, and so are its totals (totals.ts), so on a large
 * checkout most of an answer is what was presented last time. A kept form is reused only while
 * every input it was made from is the very same value, and is never mutated. One instance per
 * variant of a presentation (with or without options, say), so that variants do not evict each
 * other.
 */
export class Presented<K extends object, O> {
  readonly #kept = new WeakMap<K, { readonly own: O; readonly shared: readonly unknown[]; readonly value: unknown }>();

  /**
   * `key`'s form as `present(key, own)` makes it: `own` is what is the value's alone (its totals),
   * `shared` what one answer's values share (tax rules, currency): a request makes both arrays and
   * the function once, so that looking up a hundred kept forms allocates nothing per form. Each
   * instance is used with one presentation, so a kept value has the type `present` gives.
   */
  of<T>(key: K, own: O, shared: readonly unknown[], present: (key: K, own: O) => T): T {
    const kept = this.#kept.get(key);
    if (kept && kept.own === own && sameValues(kept.shared, shared)) return kept.value as T;
    const value = shareable(present(key, own));
    this.#kept.set(key, { own, shared, value });
    if (typeof value === 'object' && value !== null) keptJson.set(value, null);
    return value;
  }
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether `value` is a kept presented form (its JSON made yet or not). */
export function isPresented(value: object): boolean {
  return keptJson.has(value);
}

/**
 * The JSON of `value` in UTF-8 when it is a kept presented form (serialised once, then reused:
 * kept forms are never mutated), else undefined.
 */
export function presentedJson(value: object): Buffer | undefined {
  const json = keptJson.get(value);
  if (json === undefined) return undefined;
  if (json !== null) return json;
  const made = Buffer.from(JSON.stringify(value), 'utf8');
  keptJson.set(value, made);
  return made;
}
