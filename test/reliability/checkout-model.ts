/**
 * A model of what each consignment operation does to a checkout, for the concurrency test's chain
 * check: the checkout a 200 answered with at version k+1 must be exactly the operation applied to
 * the checkout at version k. A lost update (a change written over a stale state) breaks the chain.
 * It mirrors docs/consignments.md: whole lines move, fewer units split a line (the remainder keeps
 * its id and place, the new line follows it), an emptied consignment disappears, and a selected
 * shipping option survives a change of address or items only while it is still offered.
 */

export interface Line { id: string; product_id: number; quantity: number }
export interface ShippingAddress { address1: string; postal_code: string; country_code: string; state_or_province_code: string }
export interface Consignment {
  id: string;
  line_item_ids: string[];
  address?: ShippingAddress;
  selected_shipping_option?: { id: string } | null;
  available_shipping_options?: { id: string }[];
}
export interface Checkout { id: string; version: number; cart: { line_items: { physical_items: Line[] } }; consignments: Consignment[] }

export type Op =
  | { kind: 'create'; address: ShippingAddress; itemId: string; quantity: number }
  | { kind: 'address'; consignmentId: string; address: ShippingAddress }
  | { kind: 'items'; consignmentId: string; itemId: string; quantity: number }
  | { kind: 'select'; consignmentId: string; optionId: string }
  | { kind: 'delete'; consignmentId: string };

/** What the chain compares: lines in order, and each consignment's lines, destination and selection. */
export interface State {
  lines: { id: string; product: number; quantity: number }[];
  consignments: { id: string; lines: string[]; address: string; selected: string | null }[];
}

const place = (a: ShippingAddress | undefined) => (a ? `${a.country_code}|${a.state_or_province_code}|${a.postal_code}` : '');
const describe = (a: ShippingAddress | undefined) => (a ? `${place(a)}|${a.address1}` : '');

export function observe(checkout: Checkout): State {
  return {
    lines: checkout.cart.line_items.physical_items.map((l) => ({ id: l.id, product: l.product_id, quantity: l.quantity })),
    consignments: checkout.consignments.map((c) => ({ id: c.id, lines: [...c.line_item_ids], address: describe(c.address), selected: c.selected_shipping_option?.id ?? null })),
  };
}

/**
 * `op` applied to `before`: the state `after` must be. Ids the service makes up (a new
 * consignment's, a split line's) and which options a re-priced consignment is offered are read
 * from `after`; everything else is predicted. Returns a reason when `op` could not have been
 * accepted on `before` at all.
 */
export function expected(before: Checkout, op: Op, after: Checkout): State | string {
  const state = observe(before);
  const freshConsignments = after.consignments.map((c) => c.id).filter((id) => !before.consignments.some((c) => c.id === id));
  const freshLines = after.cart.line_items.physical_items.map((l) => l.id).filter((id) => !before.cart.line_items.physical_items.some((l) => l.id === id));
  const find = (id: string) => state.consignments.find((c) => c.id === id);

  switch (op.kind) {
    case 'create': {
      const id = freshConsignments[0];
      if (freshConsignments.length !== 1 || !id) return `expected one new consignment, found ${freshConsignments.length}`;
      state.consignments.push({ id, lines: [], address: describe(op.address), selected: null });
      const refusal = allocate(state, id, op.itemId, op.quantity, freshLines);
      if (refusal) return refusal;
      break;
    }
    case 'address': {
      const consignment = find(op.consignmentId);
      if (!consignment) return `no consignment ${op.consignmentId}`;
      consignment.address = describe(op.address);
      break;
    }
    case 'items': {
      const consignment = find(op.consignmentId);
      if (!consignment) return `no consignment ${op.consignmentId}`;
      consignment.lines = [];
      const refusal = allocate(state, op.consignmentId, op.itemId, op.quantity, freshLines);
      if (refusal) return refusal;
      break;
    }
    case 'select': {
      const consignment = find(op.consignmentId);
      if (!consignment) return `no consignment ${op.consignmentId}`;
      const offered = before.consignments.find((c) => c.id === op.consignmentId)!.available_shipping_options ?? [];
      if (!offered.some((o) => o.id === op.optionId)) return `option ${op.optionId} was not offered`;
      consignment.selected = op.optionId;
      break;
    }
    case 'delete': {
      if (!find(op.consignmentId)) return `no consignment ${op.consignmentId}`;
      state.consignments = state.consignments.filter((c) => c.id !== op.consignmentId);
      break;
    }
  }
  if (op.kind !== 'create' && freshConsignments.length > 0) return `unexpected new consignments ${freshConsignments.join(', ')}`;
  if (op.kind !== 'create' && op.kind !== 'items' && freshLines.length > 0) return `unexpected new lines ${freshLines.join(', ')}`;
  // An emptied consignment is removed.
  state.consignments = state.consignments.filter((c) => c.lines.length > 0);
  // A consignment whose destination or items changed is re-priced: its selection survives only
  // while still offered. Any other keeps its selection untouched.
  const quantities = new Map(state.lines.map((l) => [l.id, l.quantity]));
  const previousQuantities = new Map(before.cart.line_items.physical_items.map((l) => [l.id, l.quantity]));
  for (const consignment of state.consignments) {
    const was = before.consignments.find((c) => c.id === consignment.id);
    if (!was || consignment.selected === null) continue;
    const key = (address: string, lines: string[], qty: Map<string, number>) => `${address.split('|').slice(0, 3).join('|')}#${lines.map((id) => `${id}:${qty.get(id)}`).join(',')}`;
    if (key(consignment.address, consignment.lines, quantities) === key(describe(was.address), was.line_item_ids, previousQuantities)) continue;
    const now = after.consignments.find((c) => c.id === consignment.id);
    if (!(now?.available_shipping_options ?? []).some((o) => o.id === consignment.selected)) consignment.selected = null;
  }
  return state;
}

/** Moves `quantity` units of line `itemId` into consignment `target`: the whole line, or a split-off part of it. */
function allocate(state: State, target: string, itemId: string, quantity: number, freshLines: string[]): string | undefined {
  const index = state.lines.findIndex((l) => l.id === itemId);
  const line = state.lines[index];
  if (!line) return `no line ${itemId}`;
  if (quantity > line.quantity) return `line ${itemId} has ${line.quantity} units, not ${quantity}`;
  let moved = line.id;
  if (quantity < line.quantity) {
    const split = freshLines[0];
    if (freshLines.length !== 1 || !split) return `expected one new (split) line, found ${freshLines.length}`;
    state.lines.splice(index, 1, { ...line, quantity: line.quantity - quantity }, { id: split, product: line.product, quantity });
    moved = split;
  } else if (freshLines.length > 0) {
    return `unexpected new lines ${freshLines.join(', ')}`;
  }
  for (const consignment of state.consignments) {
    consignment.lines = consignment.lines.filter((id) => id !== moved);
    if (consignment.id === target) consignment.lines.push(moved);
  }
  return undefined;
}
