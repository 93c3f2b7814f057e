import { presentedJson } from './presented.js';

/**
 * Every JSON answer's text: what `JSON.stringify` gives, except that a kept presented form
 * (presented.ts) is not serialised again but copied from the text it had when first sent. On a
 * large checkout almost every byte of an answer is such a form (one per consignment and line),
 * so an answer after a change to one consignment serialises that one and the checkout's few
 * top-level fields, and joins the rest (BENCHMARKS.md, "Cost against consignments").
 */
export function replyJson(payload: unknown): string {
  const out: string[] = [];
  write(payload, out);
  return out.join('');
}

/** JSON.stringify's rules, for the plain data presenters make. */
function write(value: unknown, out: string[]): void {
  if (typeof value !== 'object' || value === null) {
    // undefined, a function or a symbol here is an array element or the whole answer: null, as JSON.stringify writes in arrays.
    out.push(JSON.stringify(value) ?? 'null');
    return;
  }
  const kept = presentedJson(value);
  if (kept !== undefined) {
    out.push(kept);
  } else if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    out.push(JSON.stringify(value));
  } else if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item, i) => {
      if (i > 0) out.push(',');
      write(item, out);
    });
    out.push(']');
  } else {
    let first = true;
    out.push('{');
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      out.push(first ? keyJson(key) : `,${keyJson(key)}`);
      first = false;
      write(item, out);
    }
    out.push('}');
  }
}

const keys = new Map<string, string>();

function keyJson(key: string): string {
  let json = keys.get(key);
  if (json === undefined) {
    json = `${JSON.stringify(key)}:`;
    // Answers use a few hundred distinct keys; a map key is an arbitrary client string elsewhere, so bound it.
    if (keys.size < 10_000) keys.set(key, json);
  }
  return json;
}
