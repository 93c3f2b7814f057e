import { type Address, EMPTY_ADDRESS } from './address.js';
import type { ShippingQuote } from './shipping/types.js';

/** A request to put `quantity` units of a cart line into a consignment. */
export interface AllocatedItem {
  readonly itemId: string;
  readonly quantity: number;
}

export type ConsignmentAddress = Address & { readonly id: string };

/**
 * `address` as a consignment holds it, under the consignment's address `id`. Not written
 * `{ ...address, id }`: V8 (Node 20) builds a spread followed by a key the source lacks four times
 * slower than this (4 µs against 1), and one POST creates a hundred consignments.
 */
export function consignmentAddress(address: Address, id: string): ConsignmentAddress {
  return Object.assign({}, address, { id });
}

export interface SelectedPickupOption {
  readonly pickupMethodId: number;
}

/** Whether the consignment is collected by the shopper rather than shipped. */
export function isPickup(consignment: Consignment): boolean {
  return (consignment.selectedPickupOption ?? null) !== null;
}

/**
 * The address a consignment shows in either dialect: none on a pickup consignment (upstream shows
 * only its pickup option; it holds its location's address, for tax) nor on one left without.
 */
export function shownAddress(consignment: Consignment): ConsignmentAddress | undefined {
  return isPickup(consignment) || consignment.address.countryCode === '' ? undefined : consignment.address;
}

/**
 * A shipment waiting to happen: a destination, the cart lines that travel together to it, the
 * shipping options available for them there, and the one chosen. A consignment always holds whole
 * cart lines: when only part of a line's quantity is allocated, the line is split first (see
 * allocation.ts), so `lineItemIds` says everything about what it carries.
 */
export interface Consignment {
  readonly id: string;
  /** Where it goes: the shipping address, or on a pickup consignment its location's (for tax; never shown). */
  readonly address: ConsignmentAddress;
  readonly lineItemIds: readonly string[];
  /**
   * Quoted when anything they depend on changed (see consignment-pricing.ts). On a pickup
   * consignment, the options for its `deliveryAddress`, so that choosing one ships it there again.
   */
  readonly availableShippingOptions: readonly ShippingQuote[];
  /** A computed option, or custom shipping (type `custom`), which no quote replaces. */
  readonly selectedShippingOption: ShippingQuote | null;
  /**
   * Set on a pickup consignment: the shopper collects its items with this pickup method, so it
   * shows no address and costs nothing to ship. At most one of the two selections is set. Absent
   * in checkouts stored before pickup existed; read it as null.
   */
  readonly selectedPickupOption?: SelectedPickupOption | null;
  /**
   * On a pickup consignment, the shipping address it had before the pickup option was chosen
   * (upstream: choosing a shipping option deselects the pickup option, and the other way round).
   * Null or absent otherwise.
   */
  readonly deliveryAddress?: Address | null;
  /** Every input its options were quoted from (consignment-pricing.ts), so that only a change re-quotes it. */
  readonly pricedFor: string;
}

/** Custom shipping (server-to-server `custom_shipping`): a price set by the client, not a quote. */
export const CUSTOM_SHIPPING_OPTION_ID = 'custom';

export function isCustomShipping(option: ShippingQuote): boolean {
  return option.id === CUSTOM_SHIPPING_OPTION_ID;
}

/** Where the consignment's shipping options are quoted for; empty when it has no address to ship to. */
export function shippingDestination(consignment: Consignment): Address {
  return isPickup(consignment) ? (consignment.deliveryAddress ?? EMPTY_ADDRESS) : consignment.address;
}
