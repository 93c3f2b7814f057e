import { type Address, type BillingAddress, countryName } from '../../domain/address.js';
import type { Checkout } from '../../domain/checkout.js';
import { type Consignment, type ConsignmentAddress, shownAddress } from '../../domain/consignment.js';
import { type ProductLineItem, extendedListPrice, extendedSalePrice } from '../../domain/line-items.js';
import { type Minor, fromMinor } from '../../domain/money.js';
import type { ShippingQuote } from '../../domain/shipping/types.js';
import { type CheckoutTotals, checkoutTotals } from '../../domain/totals.js';
import type { StoreConfig } from '../../services/store-config.js';

/**
 * The server-to-server dialect: snake_case, amounts as decimal numbers, keys omitted rather than
 * sent as null where upstream's examples omit them.
 */
export interface ManagementIncludes {
  readonly availableShippingOptions: boolean;
}

export function presentCart(checkout: Checkout, config: StoreConfig) {
  return presentCartWith(checkout, checkoutTotals(checkout, config.tax), config);
}

function presentCartWith(checkout: Checkout, totals: CheckoutTotals, config: StoreConfig) {
  const money = moneyOf(checkout);
  return {
    id: checkout.id,
    customer_id: checkout.customerId,
    channel_id: checkout.channelId,
    email: checkout.email,
    currency: { code: checkout.currency.code },
    tax_included: config.tax.settings.pricesIncludeTax,
    base_amount: money(totals.baseAmount),
    discount_amount: money(totals.discountAmount),
    manual_discount_amount: 0,
    cart_amount: money(config.tax.settings.pricesIncludeTax ? totals.cartAmountIncTax : totals.cartAmountExTax),
    coupons: presentCoupons(checkout, totals),
    discounts: [],
    line_items: presentLineItems(checkout, totals, 'taxable'),
    created_time: checkout.createdTime,
    updated_time: checkout.updatedTime,
    locale: checkout.locale,
    version: checkout.version,
  };
}

export function presentCheckout(checkout: Checkout, config: StoreConfig, includes: ManagementIncludes) {
  const totals = checkoutTotals(checkout, config.tax);
  const money = moneyOf(checkout);
  const cart = presentCartWith(checkout, totals, config);
  return {
    id: checkout.id,
    cart: {
      id: cart.id,
      customer_id: cart.customer_id,
      channel_id: cart.channel_id,
      email: cart.email,
      currency: cart.currency,
      tax_included: cart.tax_included,
      base_amount: cart.base_amount,
      discount_amount: cart.discount_amount,
      cart_amount_inc_tax: money(totals.cartAmountIncTax),
      cart_amount_ex_tax: money(totals.cartAmountExTax),
      coupons: cart.coupons,
      discounts: cart.discounts,
      line_items: presentLineItems(checkout, totals, 'is_taxable'),
      created_time: cart.created_time,
      updated_time: cart.updated_time,
    },
    ...(checkout.billingAddress ? { billing_address: presentBillingAddress(checkout.billingAddress) } : {}),
    consignments: checkout.consignments.map((c) => presentConsignment(checkout, c, totals, includes)),
    taxes: totals.taxes.map((t) => ({ name: t.name, amount: money(t.amount) })),
    coupons: cart.coupons,
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
        tax_class_id: f.taxClassId,
      };
    }),
    order_id: checkout.orderId,
    shipping_cost_total_inc_tax: money(totals.shippingCostTotalIncTax),
    shipping_cost_total_ex_tax: money(totals.shippingCostTotalExTax),
    handling_cost_total_inc_tax: money(totals.handlingCostTotalIncTax),
    handling_cost_total_ex_tax: money(totals.handlingCostTotalExTax),
    tax_total: money(totals.taxTotal),
    subtotal_inc_tax: money(totals.subtotalIncTax),
    subtotal_ex_tax: money(totals.subtotalExTax),
    grand_total: money(totals.grandTotal),
    created_time: checkout.createdTime,
    updated_time: checkout.updatedTime,
    customer_message: checkout.customerMessage,
    promotions: [],
    version: checkout.version,
  };
}

function moneyOf(checkout: Checkout): (amount: Minor) => number {
  const places = checkout.currency.decimalPlaces;
  return (amount) => fromMinor(amount, places);
}

/** Applied coupons; `coupon_type` is upstream's string key here (the storefront uses integers). */
function presentCoupons(checkout: Checkout, totals: CheckoutTotals) {
  const money = moneyOf(checkout);
  return checkout.coupons.map((c) => ({
    id: c.id,
    code: c.code,
    coupon_type: c.type,
    display_name: c.name,
    discounted_amount: money(totals.couponAmounts.get(c.code) ?? 0),
  }));
}

function presentLineItems(checkout: Checkout, totals: CheckoutTotals, taxableKey: 'taxable' | 'is_taxable') {
  const money = moneyOf(checkout);
  const product = (item: ProductLineItem) => {
    const discount = totals.lines.get(item.id)?.discount ?? 0;
    return {
    id: item.id,
    variant_id: item.variantId,
    product_id: item.productId,
    sku: item.sku,
    name: item.name,
    url: item.url,
    quantity: item.quantity,
    [taxableKey]: item.isTaxable,
    image_url: item.imageUrl,
    discounts: discount > 0 && checkout.coupons[0] ? [{ id: checkout.coupons[0].code, discounted_amount: money(discount) }] : [],
    coupons: [],
    discount_amount: money(discount),
    coupon_amount: money(discount),
    original_price: money(item.originalPrice),
    list_price: money(item.listPrice),
    sale_price: money(item.salePrice),
    extended_list_price: money(extendedListPrice(item)),
    extended_sale_price: money(extendedSalePrice(item)),
    comparison_price: money(item.listPrice),
    extended_comparison_price: money(extendedListPrice(item)),
    is_require_shipping: item.kind === 'physical',
    is_mutable: true,
    added_by_promotion: false,
    gift_wrapping: null,
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
      is_taxable: false,
      sender: g.sender,
      recipient: g.recipient,
      message: g.message,
    })),
    custom_items: customItems.map((c) => ({
      id: c.id,
      sku: c.sku,
      name: c.name,
      quantity: c.quantity,
      list_price: money(c.listPrice),
      extended_list_price: money(c.listPrice * c.quantity),
      image_url: c.imageUrl,
    })),
  };
}

export function presentAddress(address: Address) {
  return {
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

function presentBillingAddress(address: BillingAddress) {
  return { id: address.id, ...presentAddress(address) };
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

function withAddress(address: ConsignmentAddress | undefined) {
  return address ? { address: { id: address.id, ...presentAddress(address) } } : {};
}

function presentConsignment(checkout: Checkout, consignment: Consignment, totals: CheckoutTotals, includes: ManagementIncludes) {
  const money = moneyOf(checkout);
  const own = totals.consignments.get(consignment.id)!;
  return {
    id: consignment.id,
    ...withAddress(shownAddress(consignment)),
    ...(includes.availableShippingOptions
      ? { available_shipping_options: consignment.availableShippingOptions.map((o) => presentShippingOption(checkout, o)) }
      : {}),
    ...(consignment.selectedShippingOption
      ? { selected_shipping_option: presentShippingOption(checkout, consignment.selectedShippingOption) }
      : {}),
    ...(consignment.selectedPickupOption ? { selected_pickup_option: { pickup_method_id: consignment.selectedPickupOption.pickupMethodId } } : {}),
    coupon_discounts: own.couponDiscounts.map((d) => ({ code: d.code, amount: money(d.amount) })),
    discounts: [],
    shipping_cost_inc_tax: money(own.shipping.incTax),
    shipping_cost_ex_tax: money(own.shipping.exTax),
    handling_cost_inc_tax: money(own.handling.incTax),
    handling_cost_ex_tax: money(own.handling.exTax),
    line_item_ids: consignment.lineItemIds,
  };
}
