import type { Address } from './address.js';
import type { ShippingQuote } from './shipping/types.js';

/** A request to put `quantity` units of a cart line into a consignment. */
export interface AllocatedItem {
  readonly itemId: string;
  readonly quantity: number;
}

export type ConsignmentAddress = Address & { readonly id: string };

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
 * consignments.ts), so `lineItemIds` says everything about what it carries.
 */
export interface Consignment {
  readonly id: string;
  readonly address: ConsignmentAddress;
  readonly lineItemIds: readonly string[];
  /** Priced when the destination or items last changed, or when the store's configuration did. */
  readonly availableShippingOptions: readonly ShippingQuote[];
  readonly selectedShippingOption: ShippingQuote | null;
  /**
   * Set on a pickup consignment: the shopper collects its items with this pickup method, so it
   * has no address (an empty one), no shipping options and no shipping cost. At most one of the
   * two selections is set. Absent in checkouts stored before pickup existed; read it as null.
   */
  readonly selectedPickupOption?: SelectedPickupOption | null;
  /** The store configuration version the options were priced at. */
  readonly pricedAt: number;
  /** The pricing inputs (destination, lines and quantities) the options were priced for. */
  readonly pricedFor: string;
}
