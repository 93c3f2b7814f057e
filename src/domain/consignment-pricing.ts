import { createHash } from 'node:crypto';
import { type Address, EMPTY_ADDRESS } from './address.js';
import type { Checkout } from './checkout.js';
import { type Consignment, consignmentAddress, isCustomShipping, shippingDestination } from './consignment.js';
import type { ProductLineItem } from './line-items.js';
import { NO_PICKUP, type PickupConfig, type VariantStock, pickupAddress, pickupRefusal } from './pickup.js';
import { type CarrierInputs, carrierKey, carrierOptionsFor } from './shipping/carriers-pricing.js';
import { quoteShipping } from './shipping/quote.js';
import type { ShippableItem, ShippingConfig, ShippingQuote } from './shipping/types.js';

/**
 * When a consignment's shipping options are quoted, and what happens to its selection then.
 *
 * A consignment is quoted from its destination, its lines (quantity, unit price, weight, the
 * free-shipping and fixed-price flags, and for pickup the variant), the store's shipping zones and
 * methods, and for a pickup consignment the store's pickup locations and methods. `pricedFor`
 * holds all of them as one string; a consignment is re-quoted exactly when that string changes, and
 * at no other time. Coupons, tax, catalog and store settings are not among the inputs: changing
 * them re-quotes nothing.
 *
 * After a re-quote a computed selection is kept while an option with its id is still offered, at
 * that option's new cost, and is otherwise cleared. Custom shipping is not a quote and survives
 * every re-quote; only a change of the consignment's own address or line items clears it (see
 * consignments.ts).
 */

/** The store configuration options are quoted from. */
export interface PricingInputs {
  readonly shipping: ShippingConfig;
  /** The store's pickup locations and methods; none when absent. */
  readonly pickup?: PickupConfig;
  /** The store's carriers and what they answered this request; none when absent. */
  readonly carriers?: CarrierInputs;
}

/**
 * Brings consignments in line with the cart and the store: lines no longer in the cart leave
 * their consignment, a consignment left with no lines is removed, and a consignment whose pricing
 * inputs changed is re-quoted. Every command that touches consignments or cart lines ends here,
 * and so does every read; a consignment whose inputs did not change is returned as the same
 * object, so a change to one never touches another, and the cost of a change does not grow with
 * the number of consignments. Returns `checkout` itself when nothing changed.
 */
export function reconcileConsignments(checkout: Checkout, ctx: PricingInputs): Checkout {
  const lines = linesById(checkout.lineItems.products);
  const quotes: Quotes = new Map();
  let changed = false;
  let inputs: PricingInputs | undefined;
  const consignments: Consignment[] = [];
  for (const consignment of checkout.consignments) {
    const kept = allIn(consignment.lineItemIds, lines) ? consignment : { ...consignment, lineItemIds: consignment.lineItemIds.filter((id) => lines.has(id)) };
    if (kept.lineItemIds.length === 0) {
      changed = true;
      continue;
    }
    let priced = kept;
    if (!knownCurrent(kept, lines, ctx)) {
      const key = pricingKey(kept, lines, ctx);
      if (kept.pricedFor !== key) priced = priceConsignment(kept, key, lines, ctx, quotes);
      if (priced.pricedFor === key) rememberCurrent(priced, lines, (inputs ??= currentInputs(ctx)));
    }
    if (priced !== consignment) changed = true;
    consignments.push(priced);
  }
  return changed ? { ...checkout, consignments } : checkout;
}

/**
 * The cart's product lines by id, made once per lines array: a command that changes no line keeps
 * the array (domain values are never mutated), so every reconciliation of a large checkout after
 * the first finds its map made.
 */
const linesMaps = new WeakMap<readonly ProductLineItem[], ReadonlyMap<string, ProductLineItem>>();

function linesById(products: readonly ProductLineItem[]): ReadonlyMap<string, ProductLineItem> {
  let lines = linesMaps.get(products);
  if (lines === undefined) {
    const byId = new Map<string, ProductLineItem>();
    for (const line of products) byId.set(line.id, line);
    linesMaps.set(products, (lines = byId));
  }
  return lines;
}

/** Whether every id is a line of the cart: a loop, where `every` made a closure per consignment per request. */
function allIn(ids: readonly string[], lines: ReadonlyMap<string, ProductLineItem>): boolean {
  for (const id of ids) if (!lines.has(id)) return false;
  return true;
}

/**
 * Whether two versions of a checkout differ in what a client sees of its consignments, leaving
 * aside `pricedFor`. A re-quote that only refreshed those changes nothing visible.
 */
export function consignmentsDiffer(before: Checkout, after: Checkout): boolean {
  if (before.consignments.length !== after.consignments.length) return true;
  const visible = ({ pricedFor: _inputs, ...rest }: Consignment) => JSON.stringify(rest);
  // A consignment that is still the same object is unchanged; only the re-quoted ones are compared.
  return after.consignments.some((c, i) => c !== before.consignments[i] && visible(c) !== visible(before.consignments[i]!));
}

/** What the rate engine sees of a cart line. */
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

/** Every figure toShippableItem gives the rate engine, without its id, which quoting does not read: keep the two in step. */
function shippableKey(line: ProductLineItem): string {
  return `${line.quantity}:${line.weight}:${line.salePrice}:${line.isFreeShipping}:${line.fixedShippingPrice > 0 ? line.fixedShippingPrice : ''}`;
}

/** A consignment's items as variants and quantities (a split line's parts add up). */
export function pickupItems(consignment: Consignment, lines: ReadonlyMap<string, ProductLineItem>): VariantStock[] {
  return consignment.lineItemIds.flatMap((id) => {
    const line = lines.get(id);
    return line ? [{ variantId: line.variantId, quantity: line.quantity }] : [];
  });
}

export function addressForPickup(pickup: PickupConfig | undefined, methodId: number | undefined): Address {
  return (methodId === undefined ? undefined : pickupAddress(pickup ?? NO_PICKUP, methodId)) ?? EMPTY_ADDRESS;
}

/**
 * The inputs each consignment was last found priced for, as the very objects: the configuration
 * and its lines are immutable, so while they are all the same, `pricingKey` would give the same
 * string again. Every read and write reconciles every consignment; this spares building and
 * comparing a key of a few hundred characters per consignment per request.
 */
const current = new WeakMap<Consignment, { readonly inputs: PricingInputs; readonly lines: readonly (ProductLineItem | undefined)[] }>();

function knownCurrent(consignment: Consignment, lines: ReadonlyMap<string, ProductLineItem>, ctx: PricingInputs): boolean {
  const known = current.get(consignment);
  if (!known || known.inputs.shipping !== ctx.shipping || known.inputs.pickup !== ctx.pickup || known.inputs.carriers !== ctx.carriers) return false;
  const ids = consignment.lineItemIds;
  for (let i = 0; i < ids.length; i++) if (lines.get(ids[i]!) !== known.lines[i]) return false;
  return true;
}

/** The configurations of `ctx` alone (not its id makers), shared by every consignment of one reconciliation. */
function currentInputs(ctx: PricingInputs): PricingInputs {
  return { shipping: ctx.shipping, ...(ctx.pickup ? { pickup: ctx.pickup } : {}), ...(ctx.carriers ? { carriers: ctx.carriers } : {}) };
}

function rememberCurrent(consignment: Consignment, lines: ReadonlyMap<string, ProductLineItem>, inputs: PricingInputs): void {
  current.set(consignment, { inputs, lines: consignment.lineItemIds.map((id) => lines.get(id)) });
}

/**
 * Everything a consignment's options depend on, as one comparable string: the destination the
 * rate engine sees, each line as the rate engine (and the pickup stock check) sees it, the pickup
 * method, and the configurations they are quoted from.
 */
function pricingKey(consignment: Consignment, lines: ReadonlyMap<string, ProductLineItem>, ctx: PricingInputs): string {
  const destination = shippingDestination(consignment);
  const pickupMethodId = consignment.selectedPickupOption?.pickupMethodId;
  // A unit separator, which no address field needs, keeps `TX|1` + `2` apart from `TX` + `1|2`.
  let key = `${destination.countryCode}\u001f${destination.stateOrProvinceCode}\u001f${destination.postalCode}`;
  if (destination.countryCode !== '') key += `|${fingerprint(ctx.shipping)}`;
  if (destination.countryCode !== '' && ctx.carriers && ctx.carriers.list.length > 0) {
    key += carrierKey(ctx.shipping, ctx.carriers, destination, consignment.lineItemIds, lines);
  }
  if (pickupMethodId !== undefined) key += `|pickup:${pickupMethodId}|${fingerprint(ctx.pickup ?? NO_PICKUP)}`;
  for (const id of consignment.lineItemIds) {
    const l = lines.get(id);
    // What toShippableItem gives the engine, plus the variant; spelled out, since this runs for
    // every consignment of every request (test/domain/consignment-pricing.test.ts checks each).
    key += l ? `|${l.id}:${l.quantity}:${l.weight}:${l.salePrice}:${l.isFreeShipping}:${l.fixedShippingPrice}:${l.variantId}` : `|${id}`;
  }
  // Kept as is rather than hashed: a few hundred characters cost less to store than a hash per consignment per request.
  return key;
}

function priceConsignment(consignment: Consignment, key: string, lines: ReadonlyMap<string, ProductLineItem>, ctx: PricingInputs, quotes: Quotes): Consignment {
  const pickup = consignment.selectedPickupOption ?? null;
  const options = quote(consignment, lines, ctx, quotes);
  if (pickup) {
    // A pickup choice holds while its method exists and its location can supply every item (a
    // cart quantity or a stock change can break it); the hidden address follows the location.
    if (pickupRefusal(ctx.pickup ?? NO_PICKUP, pickup.pickupMethodId, pickupItems(consignment, lines)) === null) {
      const address = consignmentAddress(addressForPickup(ctx.pickup, pickup.pickupMethodId), consignment.address.id);
      return { ...consignment, address, availableShippingOptions: options, selectedShippingOption: null, pricedFor: key };
    }
    // Dropped: it becomes a shipping consignment to the address it had before pickup, if any.
    const dropped: Consignment = {
      ...consignment,
      address: consignmentAddress(consignment.deliveryAddress ?? EMPTY_ADDRESS, consignment.address.id),
      deliveryAddress: null,
      availableShippingOptions: options,
      selectedShippingOption: null,
      selectedPickupOption: null,
    };
    return { ...dropped, pricedFor: pricingKey(dropped, lines, ctx) };
  }
  const selected = consignment.selectedShippingOption;
  const kept = selected === null || isCustomShipping(selected) ? selected : (options.find((o) => o.id === selected.id) ?? null);
  return { ...consignment, availableShippingOptions: options, selectedShippingOption: kept, pricedFor: key };
}

/**
 * The options quoted so far in one reconciliation, by destination and by what the rate engine sees
 * of each line: consignments that match in both (a POST of a hundred consignments to four
 * addresses) get the same options, quoted once. Kept for one call only, so nothing outlives the
 * configuration it was quoted from.
 */
type Quotes = Map<string, ShippingQuote[]>;

function quote(consignment: Consignment, lines: ReadonlyMap<string, ProductLineItem>, ctx: PricingInputs, quotes: Quotes): ShippingQuote[] {
  const { countryCode, stateOrProvinceCode, postalCode } = shippingDestination(consignment);
  if (countryCode === '') return [];
  const destination = { countryCode, stateCode: stateOrProvinceCode, postalCode };
  const items = () =>
    consignment.lineItemIds.flatMap((id) => {
      const line = lines.get(id);
      return line ? [toShippableItem(line)] : [];
    });
  // Carriers' options depend on their requests and answers: quoted each time, as they always were.
  if (ctx.carriers && ctx.carriers.list.length > 0) {
    return quoteShipping(ctx.shipping, destination, items(), carrierOptionsFor(ctx.shipping, ctx.carriers, destination, consignment.lineItemIds, lines));
  }
  // Every input of quoteShipping but the items' ids (shippableKey): the items are built only for a
  // quote not made yet. The address fields are client text, quoted so that no postal code can pass
  // for another's and a line's figures.
  let key = JSON.stringify([countryCode, stateOrProvinceCode, postalCode]);
  for (const id of consignment.lineItemIds) {
    const line = lines.get(id);
    if (line) key += `|${shippableKey(line)}`;
  }
  let options = quotes.get(key);
  if (options === undefined) {
    options = quoteShipping(ctx.shipping, destination, items());
    quotes.set(key, options);
  }
  return options;
}

const fingerprints = new WeakMap<object, string>();

/**
 * A digest of a configuration, computed once per configuration object: the service builds a new
 * object whenever the store's configuration changes and never mutates one.
 */
function fingerprint(config: object): string {
  let known = fingerprints.get(config);
  if (known === undefined) {
    known = createHash('sha1').update(JSON.stringify(config)).digest('hex').slice(0, 16);
    fingerprints.set(config, known);
  }
  return known;
}
