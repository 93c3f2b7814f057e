import { type Address, countryName } from '../../domain/address.js';
import { COUPON_TYPE_CODES, type CouponType } from '../../domain/coupons.js';
import { fromMinor } from '../../domain/money.js';
import type { Order, OrderConsignment, OrderLine } from '../../domain/orders.js';
import { ORDER_STATUS_IDS } from '../../domain/payments/order-payment.js';
import { type TaxedAmount, enteredSide } from '../../domain/tax.js';
import { parseInclude } from '../request-parts.js';

/**
 * Orders in upstream's v2 shapes (a documented subset, docs/orders.md). Amounts are strings with
 * four decimals, as v2 sends them, except inside `consignments`, where upstream's schema has
 * numbers. Ids are the order's own integers. A `base_*` amount is before discounts, on the side
 * prices are entered in (`is_tax_inclusive_pricing`); `*_ex_tax`/`*_inc_tax` are what is charged.
 */
interface Money {
  /** A v2 amount: a string with four decimals. */
  text(minor: number): string;
  number(minor: number): number;
  /** The entered side of a taxed amount, as text. */
  entered(amount: TaxedAmount): string;
  /** The three figures of a taxed amount under upstream's v2 names. */
  taxed(prefix: string, amount: TaxedAmount): Record<string, string>;
}

function moneyOf(order: Order): Money {
  const number = (minor: number) => fromMinor(minor, order.decimalPlaces);
  const text = (minor: number) => number(minor).toFixed(4);
  return {
    text,
    number,
    entered: (amount) => text(enteredSide(amount, order.pricesIncludeTax)),
    taxed: (prefix, amount) => ({
      [`${prefix}_ex_tax`]: text(amount.exTax),
      [`${prefix}_inc_tax`]: text(amount.incTax),
      [`${prefix}_tax`]: text(amount.incTax - amount.exTax),
    }),
  };
}

export interface OrderIncludes {
  readonly consignments: boolean;
  readonly consignmentLineItems: boolean;
  readonly fees: boolean;
}

export function orderIncludes(include: string | readonly string[] | undefined): OrderIncludes {
  const values = parseInclude(include);
  return {
    consignments: values.has('consignments') || values.has('consignments.line_items'),
    consignmentLineItems: values.has('consignments.line_items'),
    fees: values.has('fees'),
  };
}

const resource = (base: string, path: string) => ({ url: `${base}${path}`, resource: path });

/** `GET /v2/orders/{id}`; `base` is the URL up to `/orders`. */
export function presentOrder(order: Order, base: string, includes: OrderIncludes) {
  const m = moneyOf(order);
  const t = order.totals;
  const path = `/orders/${order.id}`;
  const shipped = order.consignments.filter((c) => c.address !== null);
  // RFC 2822 with a numeric zone, as upstream's examples ("Tue, 05 Mar 2019 21:40:11 +0000").
  const date = new Date(order.createdTime).toUTCString().replace(/GMT$/, '+0000');
  return {
    id: order.id,
    customer_id: order.customerId,
    date_created: date,
    date_modified: date,
    date_shipped: '',
    status_id: ORDER_STATUS_IDS[order.status] ?? 0,
    status: order.status,
    custom_status: order.status,
    cart_id: order.checkoutId,
    // Items before their discounts; `subtotal_tax` is the tax the items are charged after them (as upstream's example).
    subtotal_ex_tax: m.text(t.subtotal.exTax),
    subtotal_inc_tax: m.text(t.subtotal.incTax),
    subtotal_tax: m.text(t.cartAmount.incTax - t.cartAmount.exTax),
    base_shipping_cost: m.entered(t.shippingBeforeDiscount),
    ...m.taxed('shipping_cost', t.shipping),
    shipping_cost_tax_class_id: order.shippingTaxClassId,
    base_handling_cost: m.entered(t.handling),
    ...m.taxed('handling_cost', t.handling),
    handling_cost_tax_class_id: order.shippingTaxClassId,
    base_wrapping_cost: m.text(0),
    ...m.taxed('wrapping_cost', { exTax: 0, incTax: 0, taxes: [] }),
    total_ex_tax: m.text(t.grandTotal - t.taxTotal),
    total_inc_tax: m.text(t.grandTotal),
    total_tax: m.text(t.taxTotal),
    is_tax_inclusive_pricing: order.pricesIncludeTax,
    items_total: order.lines.reduce((s, l) => s + l.quantity, 0),
    items_shipped: 0,
    // The method's name as the shopper saw it, and upstream's payment status (docs/payments.md).
    payment_method: order.payment?.methodName ?? '',
    payment_status: order.payment?.status ?? '',
    refunded_amount: m.text(0),
    order_is_digital: order.lines.every((l) => l.kind === 'digital'),
    store_credit_amount: m.text(0),
    gift_certificate_amount: m.text(0),
    currency_code: order.currencyCode,
    default_currency_code: order.currencyCode,
    currency_exchange_rate: '1.0000000000',
    customer_message: order.customerMessage,
    // Discounts other than coupons; Consign has none. Shipping coupons show in the shipping costs (base vs charged).
    discount_amount: m.text(0),
    coupon_discount: m.entered(t.itemDiscount),
    shipping_address_count: shipped.length,
    order_source: 'checkout_api',
    channel_id: 1,
    billing_address: { ...presentAddress(order.billingAddress), form_fields: [] },
    products: resource(base, `${path}/products`),
    shipping_addresses: resource(base, `${path}/shipping_addresses`),
    coupons: resource(base, `${path}/coupons`),
    consignments: includes.consignments ? presentConsignments(order, base, includes.consignmentLineItems) : resource(base, `${path}/consignments`),
    fees: includes.fees ? presentFees(order) : resource(base, `${path}/fees`),
  };
}

function presentAddress(address: Address) {
  return {
    first_name: address.firstName,
    last_name: address.lastName,
    company: address.company,
    street_1: address.address1,
    street_2: address.address2,
    city: address.city,
    state: address.stateOrProvince,
    zip: address.postalCode,
    country: countryName(address.countryCode),
    country_iso2: address.countryCode,
    phone: address.phone,
    email: address.email,
  };
}

/** `GET /v2/orders/{id}/products`: one entry per line, numbered within the order. */
export function presentProducts(order: Order) {
  return order.lines.map((line) => presentProduct(order, line));
}

function presentProduct(order: Order, line: OrderLine) {
  const m = moneyOf(order);
  const consignment = order.consignments.find((c) => c.id === line.consignmentId);
  const coupons = new Map(order.coupons.map((c) => [c.code, c]));
  return {
    id: line.id,
    order_id: order.id,
    product_id: line.productId,
    variant_id: line.variantId,
    order_address_id: consignment?.address ? consignment.id : 0,
    order_pickup_method_id: consignment?.pickup ? consignment.id : 0,
    name: line.name,
    name_customer: line.name,
    name_merchant: line.name,
    sku: line.sku,
    type: line.kind === 'digital' ? 'digital' : line.kind === 'gift_certificate' ? 'giftcertificate' : 'physical',
    quantity: line.quantity,
    // One unit and the line before discounts (unit times quantity, exactly).
    base_price: m.entered(line.unit),
    ...m.taxed('price', line.unit),
    base_total: m.entered(line.before),
    total_ex_tax: m.text(line.before.exTax),
    total_inc_tax: m.text(line.before.incTax),
    // Upstream: the tax on the line after its discounts, `(price_ex_tax - discount) * rate`.
    total_tax: m.text(line.net.incTax - line.net.exTax),
    discounted_total_inc_tax: m.text(line.net.incTax),
    applied_discounts: line.discounts.map((d) => {
      const coupon = coupons.get(d.code);
      return { id: 'coupon', amount: m.entered(d.amount), name: coupon?.name ?? d.code, code: d.code, target: coupon?.type === 'per_total_discount' ? 'order' : 'product' };
    }),
    weight: line.weight.toFixed(4),
    quantity_shipped: 0,
    is_refunded: false,
    quantity_refunded: 0,
    product_options: [],
  };
}

/** `GET /v2/orders/{id}/shipping_addresses`: the shipping consignments (pickup ones have no address). */
export function presentShippingAddresses(order: Order) {
  return order.consignments.filter((c) => c.address !== null).map((c) => ({
    id: c.id,
    order_id: order.id,
    ...presentAddress(c.address!),
    form_fields: [],
    ...shippingCosts(order, c, moneyOf(order).text),
  }));
}

/** Costs of a shipping consignment; `base_cost` is before its shipping coupons, `cost_*` after. */
function shippingCosts<T>(order: Order, c: OrderConsignment, as: (minor: number) => T) {
  const entered = (amount: TaxedAmount) => as(enteredSide(amount, order.pricesIncludeTax));
  const charged = c.shipping.net;
  return {
    items_total: order.lines.filter((l) => c.lineIds.includes(l.id)).reduce((s, l) => s + l.quantity, 0),
    items_shipped: 0,
    shipping_method: c.shippingMethod,
    base_cost: entered(c.shipping.before),
    cost_ex_tax: as(charged.exTax),
    cost_inc_tax: as(charged.incTax),
    cost_tax: as(charged.incTax - charged.exTax),
    cost_tax_class_id: order.shippingTaxClassId,
    base_handling_cost: entered(c.handling),
    handling_cost_ex_tax: as(c.handling.exTax),
    handling_cost_inc_tax: as(c.handling.incTax),
    handling_cost_tax: as(c.handling.incTax - c.handling.exTax),
    handling_cost_tax_class_id: order.shippingTaxClassId,
  };
}

/**
 * `GET /v2/orders/{id}/consignments`, in upstream's object structure (`consignment_structure=object`;
 * Consign has no legacy array structure): pickups, shipping, downloads and gift-certificate emails.
 */
export function presentConsignments(order: Order, base: string, embedLines: boolean) {
  const m = moneyOf(order);
  const lineItems = (ids: readonly number[]) =>
    order.lines.filter((l) => ids.includes(l.id)).map((l) => (embedLines ? presentProduct(order, l) : resource(base, `/orders/${order.id}/products/${l.id}`)));
  const digital = order.lines.filter((l) => l.kind === 'digital').map((l) => l.id);
  return {
    pickups: order.consignments.flatMap((c) => {
      if (!c.pickup) return [];
      const { location } = c.pickup;
      return [{
        id: c.id,
        pickup_method_id: c.pickup.methodId,
        pickup_method_display_name: c.pickup.displayName,
        collection_instructions: c.pickup.collectionInstructions,
        collection_time_description: c.pickup.collectionTimeDescription,
        location: {
          id: location.id,
          name: location.name,
          code: location.code,
          address_line_1: location.address.address1,
          address_line_2: location.address.address2,
          city: location.address.city,
          state: location.address.stateOrProvince,
          postal_code: location.address.postalCode,
          country_alpha2: location.address.countryCode,
          email: location.address.email,
          phone: location.address.phone,
        },
        line_items: lineItems(c.lineIds),
      }];
    }),
    shipping: order.consignments.flatMap((c) =>
      c.address ? [{ id: c.id, ...presentAddress(c.address), form_fields: [], line_items: lineItems(c.lineIds), ...shippingCosts(order, c, m.number) }] : [],
    ),
    downloads: digital.length > 0 ? [{ recipient_email: order.email, line_items: lineItems(digital) }] : [],
    email: {
      gift_certificates: order.lines.filter((l) => l.kind === 'gift_certificate').map((l) => ({ recipient_email: l.recipientEmail ?? '', line_items: lineItems([l.id]) })),
    },
  };
}

/** `GET /v2/orders/{id}/coupons`: what each coupon was and what it took (items and shipping). */
export function presentCoupons(order: Order) {
  const m = moneyOf(order);
  return order.coupons.map((c, i) => ({
    id: i + 1,
    coupon_id: c.id,
    order_id: order.id,
    code: c.code,
    amount: c.type === 'percentage_discount' ? c.amount : m.number(c.amount),
    type: COUPON_TYPE_CODES[c.type as CouponType],
    discount: m.number(enteredSide(c.discount, order.pricesIncludeTax)),
  }));
}

/** The fees, as `GET /v2/orders/{id}/fees` and `include=fees` show them. */
export function presentFees(order: Order) {
  const m = moneyOf(order);
  return order.fees.map((f) => ({
    id: f.id,
    type: 'custom_fee',
    display_name_customer: f.displayName,
    display_name_merchant: f.name,
    source: f.source,
    base_cost: m.entered(f.cost),
    ...m.taxed('cost', f.cost),
    tax_class_id: f.taxClassId,
  }));
}

/**
 * `GET /v2/orders/{id}/taxes`: one entry per taxed amount and rate, after discounts, so that the
 * entries add up to `total_tax`. `line_item_type` is upstream's `item`, `shipping` or `handling`,
 * and `fee` for a fee's tax (upstream lists no type for it).
 */
export function presentTaxes(order: Order) {
  const m = moneyOf(order);
  const rows: { type: string; amount: TaxedAmount; consignment?: OrderConsignment; productId?: number }[] = [];
  for (const line of order.lines) rows.push({ type: 'item', amount: line.net, consignment: order.consignments.find((c) => c.id === line.consignmentId), productId: line.id });
  for (const c of order.consignments) rows.push({ type: 'shipping', amount: c.shipping.net, consignment: c }, { type: 'handling', amount: c.handling, consignment: c });
  for (const f of order.fees) rows.push({ type: 'fee', amount: f.cost });
  return rows.flatMap((row) =>
    row.amount.taxes.filter((t) => t.amount !== 0).map((t) => ({
      order_id: order.id,
      order_address_id: row.consignment?.address ? row.consignment.id : 0,
      order_pickup_method_id: row.consignment?.pickup ? row.consignment.id : 0,
      name: t.name,
      priority_amount: m.text(t.amount),
      line_amount: m.text(t.amount),
      line_item_type: row.type,
      order_product_id: row.productId === undefined ? null : String(row.productId),
    })),
  ).map((entry, i) => ({ id: i + 1, ...entry }));
}
