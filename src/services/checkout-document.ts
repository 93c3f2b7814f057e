import type { Checkout } from '../domain/checkout.js';

const fragments = new WeakMap<object, string>();

/** The JSON of a domain value, computed once per object: domain values are never mutated. */
function valueJson(value: object): string {
  let json = fragments.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    fragments.set(value, json);
  }
  return json;
}

/**
 * The stored document of a checkout: what `JSON.stringify(checkout)` gives, parsed (the keys come
 * in another order). Consignments and cart lines are what grows with a checkout, and a command
 * replaces only the ones it changes (the others stay the same objects), so their JSON is reused
 * from the last time it was written or read rather than serialised again on every write.
 */
export function checkoutDocument(checkout: Checkout): string {
  const { consignments, lineItems, ...rest } = checkout;
  const { products, ...otherLines } = lineItems;
  const head = JSON.stringify(rest).slice(1, -1);
  const others = JSON.stringify(otherLines).slice(1, -1);
  // One join gives a flat string. Concatenated pieces would make a rope, which the SQLite driver
  // binds about four times slower than a flat string of the same length (BENCHMARKS.md).
  const parts = ['{', head, head === '' ? '' : ',', '"lineItems":{"products":['];
  products.forEach((line, i) => parts.push(i === 0 ? '' : ',', valueJson(line)));
  parts.push(']', others === '' ? '' : ',', others, '},"consignments":[');
  consignments.forEach((consignment, i) => parts.push(i === 0 ? '' : ',', valueJson(consignment)));
  parts.push(']}');
  return parts.join('');
}
