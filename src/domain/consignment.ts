import type { Address } from './address.js';
import type { ShippingQuote } from './shipping/types.js';

/** How many units of one cart line travel in a consignment. */
export interface AllocatedItem {
  readonly itemId: string;
  readonly quantity: number;
}

/**
 * A shipment waiting to happen: a destination, the items that travel together to it, the shipping
 * options available for them there, and the one chosen.
 */
export interface Consignment {
  readonly id: string;
  readonly address: Address & { readonly id: string };
  readonly items: readonly AllocatedItem[];
  /** Priced when the address or items last changed; never re-priced by changes elsewhere. */
  readonly availableShippingOptions: readonly ShippingQuote[];
  readonly selectedShippingOption: ShippingQuote | null;
}
