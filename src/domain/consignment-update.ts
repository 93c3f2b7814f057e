import type { Address } from './address.js';
import type { AllocatedItem } from './consignment.js';
import { type ConsignmentUpdate, ONE_KIND_OF_CHANGE } from './consignments.js';
import { invalid } from './errors.js';
import type { Minor } from './money.js';

/** A consignment PUT as either dialect sends it, already in domain values, before the one-kind rule. */
export interface RequestedConsignmentChange {
  readonly address?: Address;
  readonly items?: readonly AllocatedItem[];
  readonly shippingOptionId?: string;
  readonly customShipping?: { readonly price: Minor; readonly description: string };
  /** The pickup method chosen (`pickup_option.pickup_method_id`). */
  readonly pickupMethodId?: number;
}

/** How the dialect spells the fields, so that errors name what the client sent. */
export interface ConsignmentChangeFields {
  readonly address: string;
  readonly lineItems: string;
  readonly shippingOptionId: string;
  /** Only the server-to-server dialect has custom shipping. */
  readonly customShipping?: string;
  /** The pickup option's field (`pickup_option`, `pickupOption`). */
  readonly pickupOption?: string;
}

/**
 * Upstream's rule for a consignment PUT: it changes the destination (address and/or line items)
 * or chooses how it ships, never both, "because the shipping option may not be available for the
 * new address or items". Both dialects turn their body into a `RequestedConsignmentChange` and ask
 * here which single `ConsignmentUpdate` it is.
 *
 * @example toConsignmentUpdate({ shippingOptionId: 'abc' }, fields) // { kind: 'select', shippingOptionId: 'abc' }
 */
export function toConsignmentUpdate(change: RequestedConsignmentChange, fields: ConsignmentChangeFields): ConsignmentUpdate {
  if (change.pickupMethodId !== undefined) return toPickupUpdate(change, change.pickupMethodId, fields);
  if (change.shippingOptionId !== undefined && change.address === undefined && change.customShipping === undefined && change.items !== undefined) {
    // Upstream's storefront PUT lists `lineItems` as required beside `shippingOptionId`: lines that
    // change nothing are a selection; updateConsignment refuses any that would change the lines.
    return { kind: 'select', shippingOptionId: change.shippingOptionId, items: change.items };
  }
  const changesDestination = change.address !== undefined || change.items !== undefined;
  const kinds = [changesDestination, change.shippingOptionId !== undefined, change.customShipping !== undefined].filter(Boolean).length;
  if (kinds > 1) {
    throw invalid(ONE_KIND_OF_CHANGE, { [fields.shippingOptionId]: 'must be sent in a separate request' });
  }
  if (change.shippingOptionId !== undefined) return { kind: 'select', shippingOptionId: change.shippingOptionId };
  if (change.customShipping) return { kind: 'custom', ...change.customShipping };
  if (!changesDestination) {
    const names = [fields.address, fields.lineItems, fields.shippingOptionId, ...(fields.customShipping ? [fields.customShipping] : [])];
    throw invalid(`One of ${names.slice(0, -1).join(', ')} or ${names.at(-1)} is required.`, { [fields.address]: 'required' });
  }
  return {
    kind: 'destination',
    ...(change.address ? { address: change.address } : {}),
    ...(change.items ? { items: change.items } : {}),
  };
}

/**
 * A pickup option may come with line items (upstream's ship-to-pickup switch sends both), never
 * with an address, and never with a shipping option: "The PUT request will fail if it contains a
 * shipping option ID and a pickup option ID".
 */
function toPickupUpdate(change: RequestedConsignmentChange, pickupMethodId: number, fields: ConsignmentChangeFields): ConsignmentUpdate {
  const field = fields.pickupOption ?? 'pickup_option';
  if (change.shippingOptionId !== undefined || change.customShipping !== undefined) {
    throw invalid('You cannot select a shipping option and a pickup option in the same request.', { [field]: 'cannot be sent with a shipping option' });
  }
  if (change.address !== undefined) {
    throw invalid('A pickup consignment has no address: send either an address or a pickup option.', { [field]: 'cannot be sent with an address' });
  }
  return { kind: 'pickup', pickupMethodId, ...(change.items ? { items: change.items } : {}) };
}
