import type { Address } from './address.js';
import { Allocation, type LineIds } from './allocation.js';
import type { Checkout } from './checkout.js';
import { type AllocatedItem, CUSTOM_SHIPPING_OPTION_ID, type Consignment, consignmentAddress, isCustomShipping, isPickup } from './consignment.js';
import { type PricingInputs, addressForPickup, pickupItems, reconcileConsignments } from './consignment-pricing.js';
import { NotFoundError, invalid } from './errors.js';
import type { Minor } from './money.js';
import { NO_PICKUP, pickupRefusal } from './pickup.js';
import type { ShippingQuote } from './shipping/types.js';

/** What the consignment commands need besides the checkout: the store's shipping and pickup rules, and new ids. */
export interface ConsignmentContext extends PricingInputs, LineIds {
  newConsignmentId(): string;
}

/**
 * A shipping consignment has an address; a pickup consignment a pickup method and no address. A
 * shipping consignment may name the shipping option to select once it is quoted (the storefront's
 * `shippingOptionId`).
 */
export interface NewConsignment {
  readonly address?: Address;
  readonly items: readonly AllocatedItem[];
  readonly pickupMethodId?: number;
  readonly shippingOptionId?: string;
}

/** Upstream allows one kind of change per PUT: the destination, or the choice of option. */
export type ConsignmentUpdate =
  | { readonly kind: 'destination'; readonly address?: Address; readonly items?: readonly AllocatedItem[] }
  /** `items`, when sent, must be the consignment's lines as they are (upstream's storefront PUT lists them as required). */
  | { readonly kind: 'select'; readonly shippingOptionId: string; readonly items?: readonly AllocatedItem[] }
  | { readonly kind: 'custom'; readonly price: Minor; readonly description: string }
  /** Makes the consignment a pickup consignment, optionally with new items (upstream's ship-to-pickup switch). */
  | { readonly kind: 'pickup'; readonly pickupMethodId: number; readonly items?: readonly AllocatedItem[] };

/** Upstream's reason a PUT cannot change the destination and choose an option at once. */
export const ONE_KIND_OF_CHANGE =
  'You cannot update the address or line items and select a shipping option in the same request, because the shipping option may not be available for the new address or items.';

/** Upstream's answer to a second pickup consignment, or to pickup and shipping consignments mixed. */
export const PICKUP_CONSIGNMENT_LIMIT = 'Pickup method is limited to 1 consignment.';

/**
 * Creates consignments, several in one call as upstream's POST does. Each takes the items it
 * names out of any consignment that held them (see `allocate` for partial quantities), but not
 * out of a consignment created earlier in the same request: that would silently undo it.
 */
export function createConsignments(checkout: Checkout, requests: readonly NewConsignment[], ctx: ConsignmentContext): Checkout {
  if (requests.length === 0) throw invalid('At least one consignment is required.', { consignments: 'empty' });
  const allocation = new Allocation(checkout);
  const created = new Map<string, number>();
  const selections = new Map<string, { index: number; shippingOptionId: string }>();
  requests.forEach((request, index) => {
    if (request.items.length === 0) throw invalid('Missing line_items in request body', { [`${index}.line_items`]: 'required' });
    const pickupMethodId = request.pickupMethodId;
    if (pickupMethodId !== undefined && request.address) {
      throw invalid('A pickup consignment has no address: send either address or pickup_option.', { [`${index}.pickup_option`]: 'cannot be sent with an address' });
    }
    if (pickupMethodId !== undefined && request.shippingOptionId !== undefined) {
      throw invalid('You cannot select a shipping option and a pickup option in the same request.', { [`${index}.pickup_option`]: 'cannot be sent with a shipping option' });
    }
    if (pickupMethodId === undefined && !request.address) {
      throw invalid('A shipping consignment needs an address.', { [`${index}.address`]: 'required' });
    }
    request.items.forEach((item, at) => {
      const earlier = created.get(item.itemId);
      if (earlier !== undefined) {
        throw invalid(`Line item ${item.itemId} is already allocated to consignment ${earlier} of this request.`, {
          [`${index}.line_items.${at}.item_id`]: `already allocated by element ${earlier}`,
        });
      }
    });
    const consignment: Consignment = {
      id: ctx.newConsignmentId(),
      address: consignmentAddress(request.address ?? addressForPickup(ctx.pickup, pickupMethodId), ctx.newConsignmentId()),
      lineItemIds: [],
      availableShippingOptions: [],
      selectedShippingOption: null,
      selectedPickupOption: pickupMethodId === undefined ? null : { pickupMethodId },
      pricedFor: '',
    };
    const at = allocation.add(consignment);
    for (const id of allocation.allocate(at, request.items, ctx, `${index}.line_items`)) created.set(id, index);
    if (pickupMethodId !== undefined) assertPickupCanSupply(allocation.checkout(), consignment.id, pickupMethodId, ctx, `${index}.pickup_option.pickup_method_id`);
    if (request.shippingOptionId !== undefined) selections.set(consignment.id, { index, shippingOptionId: request.shippingOptionId });
  });
  return assertPickupLimit(selectRequestedOptions(reconcileConsignments(allocation.checkout(), ctx), selections));
}

/**
 * Selects, on consignments just created and quoted, the shipping option each asked for: in the
 * same write as the creation, and only if the option is offered for that consignment.
 */
function selectRequestedOptions(checkout: Checkout, selections: ReadonlyMap<string, { index: number; shippingOptionId: string }>): Checkout {
  if (selections.size === 0) return checkout;
  const consignments = checkout.consignments.map((consignment) => {
    const wanted = selections.get(consignment.id);
    if (!wanted) return consignment;
    const option = consignment.availableShippingOptions.find((o) => o.id === wanted.shippingOptionId);
    if (!option) {
      throw invalid(`The shipping option '${wanted.shippingOptionId}' is not available for consignment ${wanted.index} of this request.`, {
        [`${wanted.index}.shipping_option_id`]: 'not one of the available shipping options',
      });
    }
    return { ...consignment, selectedShippingOption: option };
  });
  return { ...checkout, consignments };
}

/**
 * Applies one PUT. A new address or new line items re-quote the consignment: a computed selection
 * is kept while still offered (at its new cost), custom shipping is cleared. Choosing a shipping
 * option (or custom shipping) on a pickup consignment deselects the pickup option and ships to the
 * address it had before pickup; choosing a pickup option deselects the shipping option and keeps
 * that address for the way back (upstream: "and vice versa").
 */
export function updateConsignment(checkout: Checkout, consignmentId: string, update: ConsignmentUpdate, ctx: ConsignmentContext): Checkout {
  const consignment = findConsignment(checkout, consignmentId);
  switch (update.kind) {
    case 'destination': {
      const selected = consignment.selectedShippingOption;
      let next = replaceConsignment(checkout, {
        ...consignment,
        // Custom shipping was priced by the client for the old destination; a quote is re-checked instead.
        selectedShippingOption: selected && isCustomShipping(selected) ? null : selected,
        // An address makes a pickup consignment a shipping one again (upstream's pickup-to-ship switch).
        ...(update.address ? { address: consignmentAddress(update.address, consignment.address.id), selectedPickupOption: null, deliveryAddress: null } : {}),
      });
      if (update.items) next = reallocate(next, consignmentId, update.items, ctx);
      const pickup = findConsignment(next, consignmentId).selectedPickupOption;
      if (pickup) assertPickupCanSupply(next, consignmentId, pickup.pickupMethodId, ctx, 'line_items');
      return reconcileConsignments(next, ctx);
    }
    case 'pickup': {
      let next = replaceConsignment(checkout, {
        ...consignment,
        address: consignmentAddress(addressForPickup(ctx.pickup, update.pickupMethodId), consignment.address.id),
        deliveryAddress: isPickup(consignment) ? (consignment.deliveryAddress ?? null) : deliveryAddressOf(consignment),
        selectedShippingOption: null,
        selectedPickupOption: { pickupMethodId: update.pickupMethodId },
      });
      if (update.items) next = reallocate(next, consignmentId, update.items, ctx);
      assertPickupCanSupply(next, consignmentId, update.pickupMethodId, ctx, 'pickup_option.pickup_method_id');
      return assertPickupLimit(reconcileConsignments(next, ctx));
    }
    case 'select': {
      if (update.items && !holdsExactly(checkout, consignment, update.items)) throw invalid(ONE_KIND_OF_CHANGE, { shipping_option_id: 'must be sent in a separate request' });
      const option = consignment.availableShippingOptions.find((o) => o.id === update.shippingOptionId);
      if (!option) {
        const title = isPickup(consignment) && !consignment.deliveryAddress
          ? 'This pickup consignment has no address to ship to, so no shipping options: give it an address first.'
          : `The shipping option '${update.shippingOptionId}' is not available for this consignment.`;
        throw invalid(title, { shipping_option_id: 'not one of the available shipping options' });
      }
      return replaceConsignment(checkout, { ...shipToDelivery(consignment), selectedShippingOption: option });
    }
    case 'custom':
      if (isPickup(consignment) && !consignment.deliveryAddress) {
        throw invalid('This pickup consignment has no address to ship to: give it an address first.', { custom_shipping: 'needs an address' });
      }
      return replaceConsignment(checkout, { ...shipToDelivery(consignment), selectedShippingOption: customShippingOption(update.price, update.description) });
  }
}

export function deleteConsignment(checkout: Checkout, consignmentId: string): Checkout {
  findConsignment(checkout, consignmentId);
  return { ...checkout, consignments: checkout.consignments.filter((c) => c.id !== consignmentId) };
}

/** Whether `items` are exactly the consignment's lines, each with all its units: a request that would change nothing. */
function holdsExactly(checkout: Checkout, consignment: Consignment, items: readonly AllocatedItem[]): boolean {
  const ids = new Set(items.map((item) => item.itemId));
  if (ids.size !== items.length || items.length !== consignment.lineItemIds.length) return false;
  return items.every((item) => consignment.lineItemIds.includes(item.itemId) && checkout.lineItems.products.find((l) => l.id === item.itemId)?.quantity === item.quantity);
}

/** A shipping consignment's address, kept when it becomes a pickup consignment; null when it has none. */
function deliveryAddressOf(consignment: Consignment): Address | null {
  if (consignment.address.countryCode === '') return null;
  const { id: _id, ...address } = consignment.address;
  return address;
}

/** The consignment shipping again: a pickup consignment deselects its pickup option and takes back its delivery address. */
function shipToDelivery(consignment: Consignment): Consignment {
  if (!isPickup(consignment) || !consignment.deliveryAddress) return consignment;
  return { ...consignment, address: consignmentAddress(consignment.deliveryAddress, consignment.address.id), deliveryAddress: null, selectedPickupOption: null };
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
  const allocation = new Allocation(checkout);
  const at = allocation.indexOf(consignmentId);
  allocation.empty(at);
  allocation.allocate(at, items, ctx, 'line_items');
  return allocation.checkout();
}

function customShippingOption(price: Minor, description: string): ShippingQuote {
  return {
    id: CUSTOM_SHIPPING_OPTION_ID,
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
