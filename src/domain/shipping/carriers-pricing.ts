import type { Checkout } from '../checkout.js';
import { shippingDestination } from '../consignment.js';
import type { ProductLineItem } from '../line-items.js';
import {
  type Carrier,
  type CarrierItem,
  type CarrierOutcome,
  type CarrierRateRequest,
  type CarrierRequestContext,
  type UnrankedCarrierOption,
  carrierOptions,
  carriersServing,
  outcomeDigest,
  rateRequest,
} from './carriers.js';
import type { Destination, ShippingConfig } from './types.js';
import { matchZone } from './zones.js';

/**
 * How carrier quotes enter a consignment's pricing without the domain doing I/O: the service asks
 * `carrierRequests` which rate requests a checkout needs, fetches them (deadline, cache, breaker),
 * and passes the answers back in as `outcomes`; the pricing then reads them by request key.
 * What each carrier answered is part of a consignment's pricing inputs, so a changed answer (new
 * rates, or a carrier that stopped answering) re-quotes that consignment and nothing else.
 */
export interface CarrierInputs {
  readonly list: readonly Carrier[];
  readonly context: CarrierRequestContext;
  /** Answers by request key; a request with no answer counts as `not_asked`. */
  readonly outcomes: ReadonlyMap<string, CarrierOutcome>;
}

type Lines = ReadonlyMap<string, ProductLineItem>;

/** What a carrier sees of a cart line. */
export function toCarrierItem(line: ProductLineItem): CarrierItem {
  return {
    sku: line.sku,
    productId: line.productId,
    variantId: line.variantId,
    name: line.name,
    quantity: line.quantity,
    weight: line.weight,
    unitPrice: line.salePrice,
  };
}

/** The rate request each carrier serving this consignment's zone gets. */
function requestsFor(
  shipping: ShippingConfig,
  inputs: CarrierInputs,
  destination: Destination,
  lineItemIds: readonly string[],
  lines: Lines,
): { carrier: Carrier; request: CarrierRateRequest }[] {
  if (inputs.list.length === 0 || destination.countryCode === '') return [];
  const carriers = carriersServing(inputs.list, matchZone(shipping.zones, destination));
  if (carriers.length === 0) return [];
  // Free-shipping lines ship at no cost whatever the carrier says; a carrier prices the rest.
  const items = lineItemIds.flatMap((id) => {
    const line = lines.get(id);
    return line && line.quantity > 0 && !line.isFreeShipping ? [toCarrierItem(line)] : [];
  });
  if (items.length === 0) return [];
  return carriers.map((carrier) => ({ carrier, request: rateRequest(carrier, inputs.context, destination, items) }));
}

/** This consignment's part of its pricing key: each serving carrier, its request and what it answered. */
export function carrierKey(shipping: ShippingConfig, inputs: CarrierInputs, destination: AddressLike, lineItemIds: readonly string[], lines: Lines): string {
  let key = '';
  for (const { carrier, request } of requestsFor(shipping, inputs, toDestination(destination), lineItemIds, lines)) {
    key += `|carrier:${carrier.id}:${request.key.slice(0, 16)}:${outcomeDigest(inputs.outcomes.get(request.key))}`;
  }
  return key;
}

/** The options the carriers serving this consignment contribute, from the answers given. */
export function carrierOptionsFor(shipping: ShippingConfig, inputs: CarrierInputs, destination: Destination | AddressLike, lineItemIds: readonly string[], lines: Lines): UnrankedCarrierOption[] {
  // Most stores connect no carrier: then there is no zone to look up a second time (quoteShipping does).
  if (inputs.list.length === 0) return [];
  const target = toDestination(destination);
  const zone = matchZone(shipping.zones, target);
  if (!zone) return [];
  return requestsFor(shipping, inputs, target, lineItemIds, lines).flatMap(({ carrier, request }) =>
    carrierOptions(zone, carrier, inputs.outcomes.get(request.key) ?? { kind: 'failed', reason: 'not_asked' }),
  );
}

/** Every carrier rate request a checkout's consignments need, once each. */
export function carrierRequests(checkout: Checkout, shipping: ShippingConfig, inputs: CarrierInputs): CarrierRateRequest[] {
  if (inputs.list.length === 0) return [];
  const lines = new Map(checkout.lineItems.products.map((p) => [p.id, p] as const));
  const byKey = new Map<string, CarrierRateRequest>();
  for (const consignment of checkout.consignments) {
    const destination = toDestination(shippingDestination(consignment));
    for (const { request } of requestsFor(shipping, inputs, destination, consignment.lineItemIds, lines)) byKey.set(request.key, request);
  }
  return [...byKey.values()];
}

interface AddressLike {
  readonly countryCode: string;
  readonly stateOrProvinceCode: string;
  readonly postalCode: string;
}

function toDestination(address: AddressLike | Destination): Destination {
  if ('stateOrProvinceCode' in address) {
    return { countryCode: address.countryCode, stateCode: address.stateOrProvinceCode, postalCode: address.postalCode };
  }
  return address;
}

/** What each carrier serving this consignment answered (or nothing, when it was not asked). */
export function carrierOutcomesFor(shipping: ShippingConfig, inputs: CarrierInputs, destination: AddressLike, lineItemIds: readonly string[], lines: Lines): Map<number, CarrierOutcome> {
  return new Map(
    requestsFor(shipping, inputs, toDestination(destination), lineItemIds, lines).map(({ carrier, request }) => [
      carrier.id,
      inputs.outcomes.get(request.key) ?? { kind: 'failed', reason: 'not_asked' },
    ] as const),
  );
}
