import { type Address, countryName } from '../../domain/address.js';
import type { Checkout } from '../../domain/checkout.js';
import { type Consignment, shownAddress } from '../../domain/consignment.js';
import type { ProductLineItem } from '../../domain/line-items.js';
import { type Minor, fromMinor, sum } from '../../domain/money.js';
import type { ShippingQuote } from '../../domain/shipping/types.js';
import { type TaxedAmount, enteredSide } from '../../domain/tax.js';
import { type CheckoutTotals, type ConsignmentTotals, type LineTotals, checkoutTotals } from '../../domain/totals.js';
import type { StoreConfig } from '../../services/store-config.js';
import { Presented } from '../presented.js';
import { productLinks } from '../storefront-links.js';
import { upstreamTime } from '../upstream-time.js';

/**
 * The server-to-server dialect: snake_case, amounts as decimal numbers, keys omitted rather than
 * sent as null where upstream's examples omit them. Pairs (`_inc_tax`/`_ex_tax`) show both sides
 * of an amount; a single amount (a discount, `cart_amount`, `base_amount`) is on the side prices
 * are entered in, which `tax_included` names (docs/tax.md).
 */
export interface ManagementIncludes {
  readonly availableShippingOptions: boolean;
}

/** Consignments and lines as last presented (see Presented): one per variant of each. */
const consignmentsWithOptions = new Presented<Consignment, ConsignmentTotals>();
const consignmentsWithoutOptions = new Presented<Consignment, ConsignmentTotals>();
const cartLines = new Presented<ProductLineItem, LineTotals>();
const checkoutLines = new Presented<ProductLineItem, LineTotals>();

/**
 * `origin` is where the store's storefront answers (storefront-links.ts): lines' `url` and
 * `image_url` are absolute on it.
 */
export function presentCart(checkout: Checkout, config: StoreConfig, origin: string) {
  const totals = checkoutTotals(checkout, config.tax);
  return {
    ...cartHead(checkout, totals, config),
    manual_discount_amount: 0,
    cart_amount: enteredOf(checkout, config)(totals.cartAmount),
    coupons: presentCoupons(checkout, totals, config),
    discounts: [],
    line_items: presentLineItems(checkout, totals, config, 'taxable', origin),
    created_time: upstreamTime(checkout.createdTime),
    updated_time: upstreamTime(checkout.updatedTime),
    locale: checkout.locale,
    version: checkout.version,
  };
}

/** The fields a cart begins with in both places it appears: alone, and inside its checkout. */
function cartHead(checkout: Checkout, totals: CheckoutTotals, config: StoreConfig) {
  return {
    id: checkout.id,
    customer_id: checkout.customerId,
    channel_id: checkout.channelId,
    email: checkout.email,
    currency: { code: checkout.currency.code },
    tax_included: config.tax.settings.pricesIncludeTax,
    base_amount: enteredOf(checkout, config)(totals.baseAmount),
    // Order-level discounts other than coupons (upstream); Consign has none, coupons show as coupons.
    discount_amount: 0,
  };
}

export function presentCheckout(checkout: Checkout, config: StoreConfig, includes: ManagementIncludes, origin: string) {
  const totals = checkoutTotals(checkout, config.tax);
  const money = moneyOf(checkout);
  const coupons = presentCoupons(checkout, totals, config);
  return {
    id: checkout.id,
    cart: {
      ...cartHead(checkout, totals, config),
      cart_amount_inc_tax: money(totals.cartAmount.incTax),
      cart_amount_ex_tax: money(totals.cartAmount.exTax),
      coupons,
      discounts: [],
      line_items: presentLineItems(checkout, totals, config, 'is_taxable', origin),
      created_time: upstreamTime(checkout.createdTime),
      updated_time: upstreamTime(checkout.updatedTime),
    },
    ...(checkout.billingAddress ? { billing_address: presentAddress(checkout.billingAddress) } : {}),
    consignments: presentConsignments(checkout, totals, config, includes),
    taxes: totals.taxes.map((t) => ({ name: t.name, amount: money(t.amount) })),
    coupons,
    fees: checkout.fees.map((f) => {
      const cost = totals.fees.get(f.id)!;
      return {
        id: f.id,
        type: 'custom_fee',
        name: f.name,
        display_name: f.displayName,
        cost_inc_tax: money(cost.incTax),
        cost_ex_tax: money(cost.exTax),
        source: f.source,
        // Left out when the fee names no class, in both dialects (checkouts.sf's taxClassId is never null).
        ...(f.taxClassId === null ? {} : { tax_class_id: f.taxClassId }),
      };
    }),
    order_id: checkout.orderId,
    shipping_cost_total_inc_tax: money(totals.shippingCostTotal.incTax),
    shipping_cost_total_ex_tax: money(totals.shippingCostTotal.exTax),
    handling_cost_total_inc_tax: money(totals.handlingCostTotal.incTax),
    handling_cost_total_ex_tax: money(totals.handlingCostTotal.exTax),
    tax_total: money(totals.taxTotal),
    subtotal_inc_tax: money(totals.subtotal.incTax),
    subtotal_ex_tax: money(totals.subtotal.exTax),
    grand_total: money(totals.grandTotal),
    created_time: upstreamTime(checkout.createdTime),
    updated_time: upstreamTime(checkout.updatedTime),
    customer_message: checkout.customerMessage,
    promotions: [],
    version: checkout.version,
  };
}

function moneyOf(checkout: Checkout): (amount: Minor) => number {
  const places = checkout.currency.decimalPlaces;
  return (amount) => fromMinor(amount, places);
}

/** The side of a taxed amount prices are entered in, as a decimal. */
function enteredOf(checkout: Checkout, config: StoreConfig): (amount: TaxedAmount) => number {
  const money = moneyOf(checkout);
  return (amount) => money(enteredSide(amount, config.tax.settings.pricesIncludeTax));
}

/** Applied coupons; `coupon_type` is upstream's string key here (the storefront uses integers). */
function presentCoupons(checkout: Checkout, totals: CheckoutTotals, config: StoreConfig) {
  const entered = enteredOf(checkout, config);
  return checkout.coupons.map((c) => ({
    id: c.id,
    code: c.code,
    coupon_type: c.type,
    display_name: c.name,
    discounted_amount: entered(totals.couponAmounts.get(c.code)!),
  }));
}

function presentLineItems(checkout: Checkout, totals: CheckoutTotals, config: StoreConfig, taxableKey: 'taxable' | 'is_taxable', origin: string) {
  const money = moneyOf(checkout);
  const entered = enteredOf(checkout, config);
  const kept = taxableKey === 'taxable' ? cartLines : checkoutLines;
  const shared = [config.tax, checkout.currency, origin];
  const product = (item: ProductLineItem) => kept.of(item, totals.lines.get(item.id)!, shared, presentLine);
  const presentLine = (item: ProductLineItem, line: LineTotals) => {
    const links = productLinks(origin, item);
    // Upstream's "Coupon Applied" example: coupons are not discounts (`discount_amount` 0) but
    // show in `coupon_amount` and as a `discounts[]` entry with the id "coupon".
    const coupon = sum(line.discounts.map((d) => enteredSide(d.amount, config.tax.settings.pricesIncludeTax)));
    return {
    id: item.id,
    variant_id: item.variantId,
    product_id: item.productId,
    sku: item.sku,
    name: item.name,
    url: links.url,
    quantity: item.quantity,
    [taxableKey]: item.isTaxable,
    image_url: links.imageUrl,
    discounts: coupon !== 0 ? [{ id: 'coupon', discounted_amount: money(coupon) }] : [],
    coupons: [],
    discount_amount: 0,
    coupon_amount: money(coupon),
    original_price: entered(line.originalUnit),
    list_price: entered(line.listUnit),
    sale_price: entered(line.saleUnit),
    extended_list_price: entered(line.extendedList),
    extended_sale_price: entered(line.before),
    comparison_price: entered(line.listUnit),
    extended_comparison_price: entered(line.extendedList),
    is_require_shipping: item.kind === 'physical',
    is_mutable: true,
    added_by_promotion: false,
    // No gift_wrapping, parent_id, nor option nameId/valueId: Consign has no gift wrapping, no
    // bundles and no option ids, and upstream leaves out what an item does not have (docs/api.md).
    options: item.options.map((o) => ({ name: o.name, value: o.value })),
    };
  };
  const { products, customItems, giftCertificates } = checkout.lineItems;
  return {
    physical_items: products.filter((i) => i.kind === 'physical').map(product),
    digital_items: products.filter((i) => i.kind === 'digital').map(product),
    gift_certificates: giftCertificates.map((g) => ({
      id: g.id,
      name: g.name,
      theme: g.theme,
      amount: money(g.amount),
      quantity: g.quantity,
      // Upstream's gift certificate says `taxable` in both the cart and the checkout.
      taxable: false,
      sender: g.sender,
      recipient: g.recipient,
      message: g.message,
    })),
    custom_items: customItems.map((c) => ({
      id: c.id,
      sku: c.sku,
      name: c.name,
      quantity: c.quantity,
      list_price: entered(totals.customItems.get(c.id)!.unit),
      extended_list_price: entered(totals.customItems.get(c.id)!.extended),
      image_url: c.imageUrl,
    })),
  };
}

/** A billing or consignment address, with its id first. */
export function presentAddress(address: Address & { readonly id: string }) {
  return {
    id: address.id,
    first_name: address.firstName,
    last_name: address.lastName,
    email: address.email,
    company: address.company,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    state_or_province: address.stateOrProvince,
    state_or_province_code: address.stateOrProvinceCode,
    country: countryName(address.countryCode),
    country_code: address.countryCode,
    postal_code: address.postalCode,
    phone: address.phone,
    custom_fields: address.customFields.map((f) => ({ field_id: f.fieldId, field_value: f.fieldValue })),
  };
}


function presentShippingOption(checkout: Checkout, option: ShippingQuote) {
  const money = moneyOf(checkout);
  return {
    id: option.id,
    type: option.type,
    description: option.description,
    image_url: option.imageUrl,
    cost: money(option.cost),
    transit_time: option.transitTime,
    additional_description: option.additionalDescription,
  };
}

/**
 * A consignment's `shipping_cost_*` is what it is charged for shipping, after its coupon
 * discounts (each in `coupon_discounts`, entered side); the checkout's `shipping_cost_total_*`
 * is before any discount, as upstream documents (docs/coupons.md).
 */
function presentConsignments(checkout: Checkout, totals: CheckoutTotals, config: StoreConfig, includes: ManagementIncludes) {
  const kept = includes.availableShippingOptions ? consignmentsWithOptions : consignmentsWithoutOptions;
  const shared = [config.tax, checkout.currency];
  const present = (consignment: Consignment, own: ConsignmentTotals) => presentConsignmentWith(checkout, consignment, own, config, includes);
  return checkout.consignments.map((c) => kept.of(c, totals.consignments.get(c.id)!, shared, present));
}

/**
 * Built key by key, in upstream's order, each optional key only when the consignment has it: V8
 * (Node 20) builds the keys that follow a spread some ten times slower, and a POST presents a
 * hundred consignments. A shipping consignment's address is also under `shipping_address`, the
 * name upstream's consignment guide answers with (the storefront sends `shippingAddress` beside
 * `address` the same way); a pickup consignment has neither.
 */
function presentConsignmentWith(checkout: Checkout, consignment: Consignment, own: ConsignmentTotals, config: StoreConfig, includes: ManagementIncludes) {
  const money = moneyOf(checkout);
  const entered = enteredOf(checkout, config);
  const presented: Record<string, unknown> = { id: consignment.id };
  const address = shownAddress(consignment);
  if (address) presented.address = presented.shipping_address = presentAddress(address);
  if (includes.availableShippingOptions) presented.available_shipping_options = consignment.availableShippingOptions.map((o) => presentShippingOption(checkout, o));
  if (consignment.selectedShippingOption) presented.selected_shipping_option = presentShippingOption(checkout, consignment.selectedShippingOption);
  if (consignment.selectedPickupOption) presented.selected_pickup_option = { pickup_method_id: consignment.selectedPickupOption.pickupMethodId };
  presented.coupon_discounts = own.shipping.discounts.map((d) => ({ code: d.code, amount: entered(d.amount) }));
  presented.discounts = [];
  presented.shipping_cost_inc_tax = money(own.shipping.net.incTax);
  presented.shipping_cost_ex_tax = money(own.shipping.net.exTax);
  presented.handling_cost_inc_tax = money(own.handling.incTax);
  presented.handling_cost_ex_tax = money(own.handling.exTax);
  presented.line_item_ids = consignment.lineItemIds;
  return presented;
}
