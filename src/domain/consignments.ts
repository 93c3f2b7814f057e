import { type Address, EMPTY_ADDRESS } from './address.js';
import type { Checkout } from './checkout.js';
import { type AllocatedItem, type Consignment, isPickup } from './consignment.js';
import { NotFoundError, invalid } from './errors.js';
import type { ProductLineItem } from './line-items.js';
import type { Minor } from './money.js';
import { NO_PICKUP, type PickupConfig, type VariantStock, pickupAddress, pickupRefusal } from './pickup.js';
import { quoteShipping } from './shipping/quote.js';
import type { ShippableItem, ShippingConfig, ShippingQuote } from './shipping/types.js';

/** What the consignment commands need besides the checkout: the store's shipping rules and new ids. */
export interface ConsignmentContext {
  readonly shipping: ShippingConfig;
  /** The store's pickup locations and methods; none when absent. */
  readonly pickup?: PickupConfig;
  readonly configVersion: number;
  newConsignmentId(): string;
  newLineItemId(): string;
}

/** A shipping consignment has an address; a pickup consignment a pickup method and no address. */
export interface NewConsignment {
  readonly address?: Address;
  readonly items: readonly AllocatedItem[];
  readonly pickupMethodId?: number;
}

/** Upstream allows one kind of change per PUT: the destination, or the choice of option. */
export type ConsignmentUpdate =
  | { readonly kind: 'destination'; readonly address?: Address; readonly items?: readonly AllocatedItem[] }
  | { readonly kind: 'select'; readonly shippingOptionId: string }
  | { readonly kind: 'custom'; readonly price: Minor; readonly description: string }
  /** Makes the consignment a pickup consignment, optionally with new items (upstream's ship-to-pickup switch). */
  | { readonly kind: 'pickup'; readonly pickupMethodId: number; readonly items?: readonly AllocatedItem[] };

/** Upstream's answer to a second pickup consignment, or to pickup and shipping consignments mixed. */
export const PICKUP_CONSIGNMENT_LIMIT = 'Pickup method is limited to 1 consignment.';

/**
 * Creates consignments, several in one call as upstream's POST does. Each takes the items it
 * names out of any consignment that held them; see `allocate` for partial quantities.
 */
export function createConsignments(checkout: Checkout, requests: readonly NewConsignment[], ctx: ConsignmentContext): Checkout {
  if (requests.length === 0) throw invalid('At least one consignment is required.', { consignments: 'empty' });
  let next = checkout;
  requests.forEach((request, index) => {
    if (request.items.length === 0) throw invalid('Missing line_items in request body', { [`${index}.line_items`]: 'required' });
    const pickupMethodId = request.pickupMethodId;
    if (pickupMethodId !== undefined && request.address) {
      throw invalid('A pickup consignment has no address: send either address or pickup_option.', { [`${index}.pickup_option`]: 'cannot be sent with an address' });
    }
    if (pickupMethodId === undefined && !request.address) {
      throw invalid('A shipping consignment needs an address.', { [`${index}.address`]: 'required' });
    }
    const consignment: Consignment = {
      id: ctx.newConsignmentId(),
      address: { ...(request.address ?? addressForPickup(ctx, pickupMethodId)), id: ctx.newConsignmentId() },
      lineItemIds: [],
      availableShippingOptions: [],
      selectedShippingOption: null,
      selectedPickupOption: pickupMethodId === undefined ? null : { pickupMethodId },
      pricedAt: -1,
      pricedFor: '',
    };
    next = allocate({ ...next, consignments: [...next.consignments, consignment] }, consignment.id, request.items, ctx, `${index}.line_items`);
    if (pickupMethodId !== undefined) assertPickupCanSupply(next, consignment.id, pickupMethodId, ctx, `${index}.pickup_option.pickup_method_id`);
  });
  return assertPickupLimit(reconcileConsignments(next, ctx));
}

export function updateConsignment(checkout: Checkout, consignmentId: string, update: ConsignmentUpdate, ctx: ConsignmentContext): Checkout {
  const consignment = findConsignment(checkout, consignmentId);
  switch (update.kind) {
    case 'destination': {
      let next = checkout;
      if (update.address) {
        // An address makes a pickup consignment a shipping one again (upstream's pickup-to-ship switch).
        next = replaceConsignment(next, { ...consignment, address: { ...update.address, id: consignment.address.id }, selectedPickupOption: null });
      }
      if (update.items) next = reallocate(next, consignmentId, update.items, ctx);
      const pickup = findConsignment(next, consignmentId).selectedPickupOption;
      if (pickup) assertPickupCanSupply(next, consignmentId, pickup.pickupMethodId, ctx, 'line_items');
      return reconcileConsignments(next, ctx);
    }
    case 'pickup': {
      let next = replaceConsignment(checkout, {
        ...consignment,
        address: { ...addressForPickup(ctx, update.pickupMethodId), id: consignment.address.id },
        availableShippingOptions: [],
        selectedShippingOption: null,
        selectedPickupOption: { pickupMethodId: update.pickupMethodId },
      });
      if (update.items) next = reallocate(next, consignmentId, update.items, ctx);
      assertPickupCanSupply(next, consignmentId, update.pickupMethodId, ctx, 'pickup_option.pickup_method_id');
      return assertPickupLimit(reconcileConsignments(next, ctx));
    }
    case 'select': {
      const option = consignment.availableShippingOptions.find((o) => o.id === update.shippingOptionId);
      if (!option) {
        throw invalid(`The shipping option '${update.shippingOptionId}' is not available for this consignment.`, {
          shipping_option_id: 'not one of the available shipping options',
        });
      }
      return replaceConsignment(checkout, { ...consignment, selectedShippingOption: option, selectedPickupOption: null });
    }
    case 'custom':
      if (isPickup(consignment)) {
        throw invalid('A pickup consignment cannot have a shipping method; give it an address first.', { custom_shipping: 'not for a pickup consignment' });
      }
      return replaceConsignment(checkout, { ...consignment, selectedShippingOption: customShippingOption(update.price, update.description) });
  }
}

export function deleteConsignment(checkout: Checkout, consignmentId: string): Checkout {
  findConsignment(checkout, consignmentId);
  return { ...checkout, consignments: checkout.consignments.filter((c) => c.id !== consignmentId) };
}

/**
 * Brings consignments in line with the cart and the store after anything changed: lines no longer
 * in the cart leave their consignment, a consignment left with no lines is removed, and a
 * consignment whose pricing inputs changed is re-priced. Every command that touches consignments
 * or cart lines ends here; a consignment whose inputs did not change is returned as it was, so a
 * change to one never touches another's options or selection, and the cost of a change does not
 * grow with the number of consignments.
 */
export function reconcileConsignments(checkout: Checkout, ctx: ConsignmentContext): Checkout {
  const lines = new Map(checkout.lineItems.products.map((p) => [p.id, p] as const));
  let changed = false;
  const consignments: Consignment[] = [];
  for (const consignment of checkout.consignments) {
    const kept = consignment.lineItemIds.every((id) => lines.has(id))
      ? consignment
      : { ...consignment, lineItemIds: consignment.lineItemIds.filter((id) => lines.has(id)) };
    if (kept.lineItemIds.length === 0) {
      changed = true;
      continue;
    }
    const key = pricingKey(kept, lines);
    if (kept.pricedAt === ctx.configVersion && kept.pricedFor === key) {
      consignments.push(kept);
    } else {
      consignments.push(priceConsignment(kept, key, lines, ctx));
      changed = true;
    }
  }
  return changed ? { ...checkout, consignments } : checkout;
}


/** Everything a consignment's options depend on, as one comparable string. */
function pricingKey(consignment: Consignment, lines: ReadonlyMap<string, ProductLineItem>): string {
  const { countryCode, stateOrProvinceCode, postalCode } = consignment.address;
  const items = consignment.lineItemIds.map((id) => `${id}:${lines.get(id)?.quantity ?? 0}`).join(',');
  const pickup = consignment.selectedPickupOption?.pickupMethodId ?? '';
  return `${countryCode}|${stateOrProvinceCode}|${postalCode}|${items}|${pickup}`;
}

function priceConsignment(consignment: Consignment, key: string, lines: ReadonlyMap<string, ProductLineItem>, ctx: ConsignmentContext): Consignment {
  const pickup = consignment.selectedPickupOption;
  if (pickup || consignment.address.countryCode === '') {
    // Nothing to ship. A pickup selection survives while its method exists and its location can
    // still supply every item (a cart quantity or a stock change can invalidate it); the address
    // follows the method's location. A dropped selection leaves no address to ship to.
    const kept = pickup && pickupRefusal(ctx.pickup ?? NO_PICKUP, pickup.pickupMethodId, pickupItems(consignment, lines)) === null;
    const address = { ...(kept ? addressForPickup(ctx, pickup.pickupMethodId) : pickup ? EMPTY_ADDRESS : consignment.address), id: consignment.address.id };
    const priced = { ...consignment, address, availableShippingOptions: [], selectedShippingOption: null, selectedPickupOption: kept ? pickup : null, pricedAt: ctx.configVersion };
    // The key is re-derived, since the selection and address may have changed.
    return { ...priced, pricedFor: pricingKey(priced, lines) };
  }
  const items = consignment.lineItemIds.flatMap((id) => {
    const line = lines.get(id);
    return line ? [toShippableItem(line)] : [];
  });
  const { countryCode, stateOrProvinceCode, postalCode } = consignment.address;
  const options = quoteShipping(ctx.shipping, { countryCode, stateCode: stateOrProvinceCode, postalCode }, items);
  const selected = consignment.selectedShippingOption;
  // A selection survives re-pricing while its option is still offered, at the option's new cost.
  const stillOffered = selected ? options.find((o) => o.id === selected.id) : undefined;
  return { ...consignment, availableShippingOptions: options, selectedShippingOption: stillOffered ?? null, pricedAt: ctx.configVersion, pricedFor: key };
}

function addressForPickup(ctx: ConsignmentContext, methodId: number | undefined): Address {
  return (methodId === undefined ? undefined : pickupAddress(ctx.pickup ?? NO_PICKUP, methodId)) ?? EMPTY_ADDRESS;
}

/** A consignment's items as variants and quantities (a split line's parts add up). */
function pickupItems(consignment: Consignment, lines: ReadonlyMap<string, ProductLineItem>): VariantStock[] {
  return consignment.lineItemIds.flatMap((id) => {
    const line = lines.get(id);
    return line ? [{ variantId: line.variantId, quantity: line.quantity }] : [];
  });
}

/** Refuses a pickup method that does not exist, or whose location cannot supply every item of the consignment. */
function assertPickupCanSupply(checkout: Checkout, consignmentId: string, methodId: number, ctx: ConsignmentContext, field: string): void {
  const lines = new Map(checkout.lineItems.products.map((p) => [p.id, p] as const));
  const refusal = pickupRefusal(ctx.pickup ?? NO_PICKUP, methodId, pickupItems(findConsignment(checkout, consignmentId), lines));
  if (refusal === 'no_method') throw invalid(`Pickup method ${methodId} does not exist.`, { [field]: 'no pickup method with this id' });
  if (refusal === 'unavailable') {
    throw invalid(`Not every item of the consignment is available for pickup with pickup method ${methodId}.`, { [field]: 'items not available at its location' });
  }
}

/** Upstream allows one pickup consignment, alone: never two, never beside a shipping consignment. */
function assertPickupLimit(checkout: Checkout): Checkout {
  const pickups = checkout.consignments.filter(isPickup).length;
  if (pickups > 1 || (pickups === 1 && checkout.consignments.length > 1)) throw invalid(PICKUP_CONSIGNMENT_LIMIT);
  return checkout;
}

function reallocate(checkout: Checkout, consignmentId: string, items: readonly AllocatedItem[], ctx: ConsignmentContext): Checkout {
  if (items.length === 0) throw invalid('Missing line_items in request body', { line_items: 'at least one item is required' });
  const emptied = replaceConsignment(checkout, { ...findConsignment(checkout, consignmentId), lineItemIds: [] });
  return allocate(emptied, consignmentId, items, ctx, 'line_items');
}

export function toShippableItem(line: ProductLineItem): ShippableItem {
  return {
    itemId: line.id,
    quantity: line.quantity,
    weight: line.weight,
    unitPrice: line.salePrice,
    isFreeShipping: line.isFreeShipping,
    ...(line.fixedShippingPrice > 0 ? { fixedShippingPrice: line.fixedShippingPrice } : {}),
  };
}

/**
 * Puts items into a consignment. An item is a physical line of this cart, allocated whole or in
 * part: all of a line's units move the line (out of any consignment that held it); fewer units
 * split the line, as upstream does, into the remainder (which keeps its id and place) and a new
 * line of the allocated units. So quantities across consignments never exceed the cart's.
 */
function allocate(checkout: Checkout, consignmentId: string, items: readonly AllocatedItem[], ctx: ConsignmentContext, field: string): Checkout {
  let products = [...checkout.lineItems.products];
  const moved: string[] = [];
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const at = `${field}.${index}`;
    if (seen.has(item.itemId)) throw invalid(`Line item ${item.itemId} is listed more than once.`, { [`${at}.item_id`]: 'duplicate' });
    seen.add(item.itemId);
    const lineIndex = products.findIndex((p) => p.id === item.itemId);
    const line = products[lineIndex];
    if (!line || line.kind !== 'physical') {
      throw invalid(`Line item ${item.itemId} is not a physical item of this cart.`, { [`${at}.item_id`]: 'not a physical item of this cart' });
    }
    if (item.quantity > line.quantity) {
      throw invalid(`Line item ${item.itemId} has only ${line.quantity} unit(s) in the cart.`, { [`${at}.quantity`]: `at most ${line.quantity}` });
    }
    if (item.quantity === line.quantity) {
      moved.push(line.id);
    } else {
      const split: ProductLineItem = { ...line, id: ctx.newLineItemId(), quantity: item.quantity };
      products = [...products.slice(0, lineIndex), { ...line, quantity: line.quantity - item.quantity }, split, ...products.slice(lineIndex + 1)];
      moved.push(split.id);
    }
  });
  const movedSet = new Set(moved);
  const consignments = checkout.consignments.map((c) => {
    if (c.id === consignmentId) return { ...c, lineItemIds: [...c.lineItemIds.filter((id) => !movedSet.has(id)), ...moved] };
    if (!c.lineItemIds.some((id) => movedSet.has(id))) return c;
    return { ...c, lineItemIds: c.lineItemIds.filter((id) => !movedSet.has(id)) };
  });
  // A consignment whose every line moved away is dropped by reconcileConsignments.
  return { ...checkout, lineItems: { ...checkout.lineItems, products }, consignments };
}

function customShippingOption(price: Minor, description: string): ShippingQuote {
  return {
    id: 'custom',
    zoneId: 0,
    methodId: 0,
    type: 'custom',
    description,
    cost: price,
    handlingCost: 0,
    transitTime: '',
    imageUrl: '',
    additionalDescription: '',
    isRecommended: false,
  };
}

function findConsignment(checkout: Checkout, id: string): Consignment {
  const consignment = checkout.consignments.find((c) => c.id === id);
  if (!consignment) throw new NotFoundError('consignment', 'Consignment not found.');
  return consignment;
}

function replaceConsignment(checkout: Checkout, consignment: Consignment): Checkout {
  return { ...checkout, consignments: checkout.consignments.map((c) => (c.id === consignment.id ? consignment : c)) };
}
