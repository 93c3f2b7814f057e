import type { Checkout } from './checkout.js';
import { shippingDestination } from './consignment.js';
import { type PricingInputs, toShippableItem } from './consignment-pricing.js';
import { NotFoundError } from './errors.js';
import { carrierOptionsFor, carrierOutcomesFor } from './shipping/carriers-pricing.js';
import { type ShippingExplanation, explainShipping } from './shipping/explain.js';

/**
 * Why each of the store's methods and carriers is or is not offered to one consignment, from the
 * same inputs its options are quoted from. `explainConsignment(checkout, 'a1b2', ctx).zones`.
 */
export function explainConsignment(checkout: Checkout, consignmentId: string, ctx: PricingInputs): ShippingExplanation {
  const consignment = checkout.consignments.find((c) => c.id === consignmentId);
  if (!consignment) throw new NotFoundError('consignment', 'Consignment not found.');
  const lines = new Map(checkout.lineItems.products.map((p) => [p.id, p] as const));
  const address = shippingDestination(consignment);
  const destination = { countryCode: address.countryCode, stateCode: address.stateOrProvinceCode, postalCode: address.postalCode };
  const items = consignment.lineItemIds.flatMap((id) => {
    const line = lines.get(id);
    return line ? [toShippableItem(line)] : [];
  });
  const carriers = ctx.carriers;
  const outcomes = carriers ? carrierOutcomesFor(ctx.shipping, carriers, address, consignment.lineItemIds, lines) : new Map();
  const carrierOptions = carriers && address.countryCode !== '' ? carrierOptionsFor(ctx.shipping, carriers, address, consignment.lineItemIds, lines) : [];
  return explainShipping(ctx.shipping, destination, items, carriers?.list ?? [], (c) => outcomes.get(c.id), carrierOptions);
}
