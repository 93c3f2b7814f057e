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
export class Presented<K extends object> {
  readonly #kept = new WeakMap<K, { readonly inputs: readonly unknown[]; readonly value: unknown }>();

  /** Each instance is used with one presentation, so a kept value has the type `present` gives. */
  of<T>(key: K, inputs: readonly unknown[], present: () => T): T {
    const kept = this.#kept.get(key);
    if (kept && kept.inputs.length === inputs.length && kept.inputs.every((input, i) => input === inputs[i])) return kept.value as T;
    const value = shareable(present());
    this.#kept.set(key, { inputs, value });
    if (typeof value === 'object' && value !== null) keptJson.set(value, null);
    return value;
  }
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
