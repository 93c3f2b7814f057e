import { isPresented, presentedJson } from './presented.js';

/**
 * Every JSON answer's body: what `JSON.stringify` gives, except that a kept presented form
 * (presented.ts) is not serialised again but copied from the UTF-8 it had when first sent. On a
 * large checkout almost every byte of an answer is such a form (one per consignment and line),
 * so an answer after a change to one consignment serialises that one and the checkout's few
 * top-level fields, and copies the rest into one buffer: no answer-sized string is built,
 * measured or encoded (BENCHMARKS.md, "Cost against consignments").
 *
 * An answer holding fewer than FEW_KEPT kept forms (a checkout of a few consignments and lines,
 * every answer of the storefront flow) is one `JSON.stringify`, a string: assembling it from
 * parts (a walk in JavaScript, a buffer per run of text, one to join them) cost more than that.
 * Measured on the storefront flow (two consignments, servers alternated every half second), the
 * PUT selecting an option took 6 to 13 % less CPU, the GET 13 to 19 %, creating a cart 9 to 21 %
 * (four runs, two in each order); on checkouts of four and eight consignments (8 and 16 kept
 * forms), either way cost the same within the machine's noise. At 100, the PUT that changes one
 * consignment costs a quarter of a whole `JSON.stringify` (0.18 ms against 0.75, of a PUT of 2 to
 * 3 ms). One string joined from kept text, kept JSON made only when a form is sent a second
 * time, one output buffer without intermediate ones, and a walk with fewer calls per value were
 * each no faster at two consignments; the first two were slower at 100.
 */
export function replyJson(payload: unknown): string | Buffer {
  if (keptForms(payload) < FEW_KEPT) return JSON.stringify(payload) ?? 'null';
  const out = new Out();
  write(payload, out);
  return out.finish();
}

/**
 * Below this many kept forms an answer is small (a checkout of a few consignments and lines), and
 * one `JSON.stringify` of it costs less than assembling it from kept parts.
 */
const FEW_KEPT = 8;

/** How many kept forms `value` holds, counted up to FEW_KEPT: only objects are visited, and not inside a kept form. */
function keptForms(value: unknown, found = 0): number {
  if (typeof value !== 'object' || value === null) return found;
  if (isPresented(value)) return found + 1;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && found < FEW_KEPT; i++) found = keptForms(value[i], found);
  } else {
    for (const key in value) {
      found = keptForms((value as Record<string, unknown>)[key], found);
      if (found >= FEW_KEPT) break;
    }
  }
  return found;
}

/**
 * The answer's pieces in order: runs of text, and kept forms' UTF-8. Joined once at the end into one
 * buffer, each piece written straight into it: no buffer per run of text (one per separator between
 * kept forms, at 100 consignments some 200) and no second copy of the kept forms.
 */
class Out {
  readonly #pieces: (string | Buffer)[] = [];
  #text = '';
  /** At least the byte length of the pieces: a kept form's exactly, a run of text's at most 3 bytes a UTF-16 unit. */
  #room = 0;

  text(text: string): void {
    this.#text += text;
  }

  kept(json: Buffer): void {
    this.#flush();
    this.#pieces.push(json);
    this.#room += json.length;
  }

  finish(): string | Buffer {
    if (this.#pieces.length === 0) return this.#text;
    this.#flush();
    const out = Buffer.allocUnsafe(this.#room);
    let at = 0;
    for (const piece of this.#pieces) {
      if (typeof piece !== 'string') {
        out.set(piece, at);
        at += piece.length;
      } else if (piece.length === 1 && piece.charCodeAt(0) < 0x80) {
        // Mostly the comma between two kept forms: one byte, without Buffer#write's argument handling.
        out[at++] = piece.charCodeAt(0);
      } else {
        at += out.write(piece, at);
      }
    }
    return out.subarray(0, at);
  }

  #flush(): void {
    if (this.#text === '') return;
    this.#pieces.push(this.#text);
    this.#room += 3 * this.#text.length;
    this.#text = '';
  }
}

/** JSON.stringify's rules, for the plain data presenters make. */
function write(value: unknown, out: Out): void {
  if (typeof value !== 'object' || value === null) {
    // undefined, a function or a symbol here is an array element or the whole answer: null, as JSON.stringify writes in arrays.
    out.text(JSON.stringify(value) ?? 'null');
    return;
  }
  const kept = presentedJson(value);
  if (kept !== undefined) {
    out.kept(kept);
  } else if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    out.text(JSON.stringify(value));
  } else if (Array.isArray(value)) {
    out.text('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.text(',');
      write(value[i], out);
    }
    out.text(']');
  } else {
    let first = true;
    out.text('{');
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      out.text(first ? keyJson(key) : `,${keyJson(key)}`);
      first = false;
      write(item, out);
    }
    out.text('}');
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
