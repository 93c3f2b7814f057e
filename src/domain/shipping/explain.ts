import { priceMethod, summariseItems } from './calculators.js';
import { type Carrier, type CarrierOutcome, carriersServing } from './carriers.js';
import { quoteShipping, zoneFreeShippingCost } from './quote.js';
import type { Destination, ShippableItem, ShippingConfig, ShippingQuote } from './types.js';
import { matchZone } from './zones.js';

/**
 * Why each of a store's methods and carriers is or is not offered to one consignment: the same
 * rules as `quoteShipping`, told step by step. Pure, like the engine; the service supplies the
 * carriers' answers as it does for a quote.
 */

export type Verdict =
  | { readonly offered: true; readonly optionIds: readonly string[]; readonly cost?: number }
  | { readonly offered: false; readonly reason: string; readonly detail: string };

export interface ZoneExplanation {
  readonly zoneId: number;
  readonly name: string;
  readonly verdict: 'serves' | 'not_matched' | 'outranked' | 'disabled';
  readonly detail: string;
  readonly methods: readonly { readonly methodId: number; readonly name: string; readonly verdict: Verdict }[];
}

export interface CarrierExplanation {
  readonly carrierId: number;
  readonly name: string;
  readonly verdict: Verdict;
  /** Why an offered carrier option is a backup rate. */
  readonly detail?: string;
}

export interface ShippingExplanation {
  readonly zones: readonly ZoneExplanation[];
  readonly carriers: readonly CarrierExplanation[];
  /** What the consignment is offered, as `quoteShipping` gives it. */
  readonly options: readonly ShippingQuote[];
}

const no = (reason: string, detail: string): Verdict => ({ offered: false, reason, detail });

/** Every zone, method and carrier of the store with its verdict for these items sent to `destination`. */
export function explainShipping(
  config: ShippingConfig,
  destination: Destination,
  items: readonly ShippableItem[],
  carriers: readonly Carrier[],
  outcomeOf: (carrier: Carrier) => CarrierOutcome | undefined,
  carrierOptions: readonly Omit<ShippingQuote, 'isRecommended'>[],
): ShippingExplanation {
  const options = quoteShipping(config, destination, items, carrierOptions);
  const serving = matchZone(config.zones, destination);
  const shippable = items.filter((i) => i.quantity > 0);
  const summary = summariseItems(shippable);
  const zones = config.zones.map((zone): ZoneExplanation => {
    const base = { zoneId: zone.id, name: zone.name };
    if (!zone.enabled) return { ...base, verdict: 'disabled', detail: 'The zone is disabled.', methods: zone.methods.map((m) => ({ methodId: m.id, name: m.name, verdict: no('zone_disabled', 'Its zone is disabled.') })) };
    if (serving?.id !== zone.id) {
      const matches = destination.countryCode !== '' && matchZone([zone], destination) !== undefined;
      const detail = matches ? `The destination matches, but zone ${serving?.id} (${serving?.name}) is more specific or has a lower id.` : 'The destination is not in this zone.';
      const reason = matches ? 'zone_outranked' : 'zone_not_matched';
      return { ...base, verdict: matches ? 'outranked' : 'not_matched', detail, methods: zone.methods.map((m) => ({ methodId: m.id, name: m.name, verdict: no(reason, detail) })) };
    }
    const free = options.find((o) => o.type === 'freeshipping' && o.methodId === 0);
    const threshold = zone.freeShipping.enabled ? zoneFreeShippingCost(zone.freeShipping, shippable) : undefined;
    const freeDetail = zone.freeShipping.enabled
      ? threshold === undefined
        ? `Zone free shipping not reached: it needs an item subtotal of at least ${zone.freeShipping.minimumSubTotal} (minor units).`
        : 'Zone free shipping applies and replaces every other option.'
      : 'Zone free shipping is off.';
    const methods = zone.methods.map((method) => {
      const option = options.find((o) => o.zoneId === zone.id && o.methodId === method.id);
      let verdict: Verdict;
      if (option) verdict = { offered: true, optionIds: [option.id], cost: option.cost + option.handlingCost };
      else if (!method.enabled) verdict = no('method_disabled', 'The method is disabled.');
      else if (shippable.length === 0) verdict = no('nothing_to_ship', 'The consignment has nothing to ship.');
      else if (free) verdict = no('replaced_by_free_shipping', summary.allFreeShipping ? 'Every item ships free.' : freeDetail);
      else if (priceMethod(method.settings, summary) === undefined) {
        verdict = no('not_priced', method.settings.type === 'weight'
          ? `No weight range holds ${summary.parcel.weight} and the method has no default cost.`
          : `No range holds a subtotal of ${summary.parcel.subtotal} (minor units) and the method has no default cost.`);
      } else if (method.isFallback) verdict = no('fallback_not_needed', 'A fallback method is offered only when no other method or carrier can price the consignment.');
      else verdict = no('not_offered', 'Not offered.');
      return { methodId: method.id, name: method.name, verdict };
    });
    return { ...base, verdict: 'serves', detail: `The zone serves the destination. ${freeDetail}`, methods };
  });
  const servingCarriers = new Set(carriersServing(carriers, serving).map((c) => c.id));
  const carrierVerdicts = carriers.map((carrier): CarrierExplanation => {
    const base = { carrierId: carrier.id, name: carrier.name };
    if (!carrier.enabled) return { ...base, verdict: no('carrier_disabled', 'The carrier is disabled.') };
    if (!serving || !servingCarriers.has(carrier.id)) return { ...base, verdict: no('zone_not_served', 'The carrier does not serve the zone of this destination.') };
    const own = options.filter((o) => o.type === `shipping_${carrier.code}` && o.zoneId === serving.id);
    const outcome = outcomeOf(carrier);
    if (own.length > 0) {
      const backup = outcome?.kind === 'failed' ? ` Backup rate, because the carrier failed: ${outcome.reason}.` : '';
      return { ...base, verdict: { offered: true, optionIds: own.map((o) => o.id), ...(backup ? { cost: own[0]!.cost } : {}) }, ...(backup ? { detail: backup.trim() } : {}) };
    }
    if (options.some((o) => o.type === 'freeshipping' && o.methodId === 0)) return { ...base, verdict: no('replaced_by_free_shipping', 'Zone free shipping replaces every other option.') };
    if (outcome === undefined) return { ...base, verdict: no('not_asked', 'The consignment has nothing the carrier prices (only free-shipping items).') };
    if (outcome.kind === 'failed') return { ...base, verdict: no(`carrier_${outcome.reason}`, failureDetail(outcome.reason)) };
    return { ...base, verdict: no('no_quotes', 'The carrier answered with no quotes.') };
  });
  return { zones, carriers: carrierVerdicts, options };
}

function failureDetail(reason: string): string {
  switch (reason) {
    case 'timeout':
      return 'The carrier did not answer within the deadline, and has no backup rate.';
    case 'breaker_open':
      return 'The carrier failed repeatedly; its breaker is open, and it has no backup rate.';
    case 'malformed':
      return 'The carrier answered with something that is not a valid rate response, and has no backup rate.';
    case 'error':
      return 'The carrier answered with an error, and has no backup rate.';
    default:
      return 'The carrier was not asked.';
  }
}
