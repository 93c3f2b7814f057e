import { type Address, countryName } from '../../domain/address.js';
import type { Checkout } from '../../domain/checkout.js';
import { type Consignment, shownAddress } from '../../domain/consignment.js';
import { COUPON_TYPE_CODES } from '../../domain/coupons.js';
import type { ProductLineItem } from '../../domain/line-items.js';
import { type Minor, fromMinor } from '../../domain/money.js';
import type { ShippingQuote } from '../../domain/shipping/types.js';
import type { TaxedAmount } from '../../domain/tax.js';
import { type CheckoutTotals, checkoutTotals } from '../../domain/totals.js';
import type { StoreConfig } from '../../services/store-config.js';

/**
 * The storefront dialect (`checkout_Full`, carts.sf): camelCase, no envelope, and one amount
 * where the server-to-server dialect has an `_inc_tax`/`_ex_tax` pair, picked by the store's
 * "display prices including tax" setting. Every amount comes from `checkoutTotals`, the same
 * place the server-to-server presenter picks from.
 */
export interface StorefrontIncludes {
  readonly availableShippingOptions: boolean;
  readonly customer: boolean;
  readonly payments: boolean;
  readonly categoryNames: boolean;
}

interface Presenting {
  readonly checkout: Checkout;
  readonly config: StoreConfig;
  readonly totals: CheckoutTotals;
  money(amount: Minor): number;
  /** The one of a taxed pair the store displays. */
  shown(amount: TaxedAmount): number;
}

function presenting(checkout: Checkout, config: StoreConfig): Presenting {
  const totals = checkoutTotals(checkout, config.tax);
  const places = checkout.currency.decimalPlaces;
  const money = (amount: Minor) => fromMinor(amount, places);
  const inc = config.tax.settings.displayPricesIncludingTax;
  return { checkout, config, totals, money, shown: (amount) => money(inc ? amount.incTax : amount.exTax) };
}

const NO_INCLUDES: StorefrontIncludes = { availableShippingOptions: false, customer: false, payments: false, categoryNames: false };

/** A cart as the storefront Carts API answers with it. */
export function presentStorefrontCart(checkout: Checkout, config: StoreConfig) {
  return cartOf(presenting(checkout, config), NO_INCLUDES);
}

function cartOf(p: Presenting, includes: StorefrontIncludes) {
  const { checkout, totals, money } = p;
  const inc = p.config.tax.settings.displayPricesIncludingTax;
  return {
    id: checkout.id,
    customerId: checkout.customerId,
    email: checkout.email,
    currency: { code: checkout.currency.code, name: checkout.currency.name, symbol: checkout.currency.symbol, decimalPlaces: checkout.currency.decimalPlaces },
    isTaxIncluded: inc,
    baseAmount: money(totals.baseAmount),
    discountAmount: money(totals.discountAmount),
    cartAmount: money(inc ? totals.cartAmountIncTax : totals.cartAmountExTax),
    coupons: checkout.coupons.map((c) => ({
      id: c.id,
      code: c.code,
      displayName: c.name,
      couponType: c.type,
      discountedAmount: money(totals.couponAmounts.get(c.code) ?? 0),
    })),
    discounts: [],
    lineItems: lineItemsOf(p, includes),
    createdTime: checkout.createdTime,
    updatedTime: checkout.updatedTime,
    locale: checkout.locale,
    version: checkout.version,
  };
}

/** The checkout (`checkout_Full`). */
export function presentStorefrontCheckout(checkout: Checkout, config: StoreConfig, includes: StorefrontIncludes) {
  const p = presenting(checkout, config);
  const { totals, money } = p;
  const inc = config.tax.settings.displayPricesIncludingTax;
  const shippingCostTotal = money(inc ? totals.shippingCostTotalIncTax : totals.shippingCostTotalExTax);
  return {
    id: checkout.id,
    cart: cartOf(p, includes),
    ...(checkout.billingAddress ? { billingAddress: { id: checkout.billingAddress.id, ...presentAddress(checkout.billingAddress) } } : {}),
    consignments: checkout.consignments.map((c) => presentConsignment(p, c, includes)),
    coupons: checkout.coupons.map((c) => ({
      id: c.id,
      code: c.code,
      displayName: c.name,
      couponType: COUPON_TYPE_CODES[c.type],
      discountedAmount: money(totals.couponAmounts.get(c.code) ?? 0),
    })),
    fees: checkout.fees.map((f) => ({
      id: f.id,
      type: 'custom_fee',
      name: f.name,
      displayName: f.displayName,
      cost: p.shown(totals.fees.get(f.id)!),
      source: f.source,
      ...(f.taxClassId === null ? {} : { taxClassId: f.taxClassId }),
    })),
    ...(includes.customer ? { customer: guestCustomer(checkout) } : {}),
    customerMessage: checkout.customerMessage,
    giftCertificates: [],
    giftWrappingCostTotal: 0,
    grandTotal: money(totals.grandTotal),
    handlingCostTotal: money(inc ? totals.handlingCostTotalIncTax : totals.handlingCostTotalExTax),
    isStoreCreditApplied: false,
    orderId: checkout.orderId,
    outstandingBalance: money(totals.grandTotal),
    ...(includes.payments ? { payments: [] } : {}),
    promotions: [],
    // No automatic promotions exist, so the comparison cost is the cost before discounts.
    shippingCostBeforeDiscount: shippingCostTotal,
    comparisonShippingCost: shippingCostTotal,
    shippingCostTotal,
    shouldExecuteSpamCheck: false,
    subtotal: money(inc ? totals.subtotalIncTax : totals.subtotalExTax),
    taxes: totals.taxes.map((t) => ({ name: t.name, amount: money(t.amount) })),
    taxTotal: money(totals.taxTotal),
    createdTime: checkout.createdTime,
    updatedTime: checkout.updatedTime,
    channelId: checkout.channelId,
    version: checkout.version,
  };
}

function lineItemsOf(p: Presenting, includes: StorefrontIncludes) {
  const { checkout, totals, money } = p;
  const product = (item: ProductLineItem) => {
    const line = totals.lines.get(item.id)!;
    const discount = line.discount;
    return {
      id: item.id,
      variantId: item.variantId,
      productId: item.productId,
      sku: item.sku,
      name: item.name,
      url: item.url,
      quantity: item.quantity,
      brand: '',
      isTaxable: item.isTaxable,
      imageUrl: item.imageUrl,
      discounts: [],
      discountAmount: money(discount),
      couponAmount: money(discount),
      originalPrice: money(item.originalPrice),
      // Shown with or without tax, per the store's display setting, like every storefront amount.
      listPrice: p.shown(line.listUnit),
      salePrice: p.shown(line.saleUnit),
      extendedListPrice: p.shown(line.extendedList),
      extendedSalePrice: p.shown(line.extendedSale),
      comparisonPrice: p.shown(line.listUnit),
      extendedComparisonPrice: p.shown(line.extendedList),
      isShippingRequired: item.kind === 'physical',
      isMutable: true,
      addedByPromotion: false,
      options: item.options.map((o) => ({ name: o.name, value: o.value })),
      ...(includes.categoryNames ? { categoryNames: [] } : {}),
      type: item.kind,
    };
  };
  const { products, customItems, giftCertificates } = checkout.lineItems;
  return {
    physicalItems: products.filter((i) => i.kind === 'physical').map(product),
    digitalItems: products.filter((i) => i.kind === 'digital').map(product),
    giftCertificates: giftCertificates.map((g) => ({
      id: g.id,
      name: g.name,
      theme: g.theme,
      amount: money(g.amount),
      quantity: g.quantity,
      taxable: false,
      sender: g.sender,
      recipient: g.recipient,
      message: g.message,
      type: 'giftCertificate',
    })),
    customItems: customItems.map((c) => ({
      id: c.id,
      sku: c.sku,
      name: c.name,
      quantity: c.quantity,
      listPrice: money(c.listPrice),
      extendedListPrice: money(c.listPrice * c.quantity),
    })),
  };
}

export function presentAddress(address: Address) {
  return {
    firstName: address.firstName,
    lastName: address.lastName,
    email: address.email,
    company: address.company,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    stateOrProvince: address.stateOrProvince,
    stateOrProvinceCode: address.stateOrProvinceCode,
    country: countryName(address.countryCode),
    countryCode: address.countryCode,
    postalCode: address.postalCode,
    phone: address.phone,
    customFields: address.customFields.map((f) => ({ fieldId: f.fieldId, fieldValue: f.fieldValue })),
  };
}

function presentShippingOption(p: Presenting, option: ShippingQuote, taxed: TaxedAmount | undefined) {
  return {
    id: option.id,
    type: option.type,
    description: option.description,
    imageUrl: option.imageUrl,
    cost: taxed ? p.shown(taxed) : p.money(option.cost),
    transitTime: option.transitTime,
    additionalDescription: option.additionalDescription,
  };
}

function presentConsignment(p: Presenting, consignment: Consignment, includes: StorefrontIncludes) {
  const own = p.totals.consignments.get(consignment.id)!;
  const shown = shownAddress(consignment);
  const address = shown && { id: shown.id, ...presentAddress(shown), shouldSaveAddress: false };
  const shippingCost = p.shown(own.shipping);
  return {
    id: consignment.id,
    // `shippingAddress` is deprecated upstream and still sent: older clients read it.
    ...(address ? { address, shippingAddress: address } : {}),
    ...(includes.availableShippingOptions
      ? { availableShippingOptions: consignment.availableShippingOptions.map((o) => ({ ...presentShippingOption(p, o, own.options.get(o.id)), isRecommended: o.isRecommended })) }
      : {}),
    // Always sent, null when there is none: the checkout SDK merges each answer into the
    // consignment it holds, so an omitted key would leave a stale selection in its state.
    selectedShippingOption: consignment.selectedShippingOption ? presentShippingOption(p, consignment.selectedShippingOption, own.options.get(consignment.selectedShippingOption.id)) : null,
    selectedPickupOption: consignment.selectedPickupOption ? { pickupMethodId: consignment.selectedPickupOption.pickupMethodId } : null,
    couponDiscounts: own.couponDiscounts.map((d) => ({ code: d.code, amount: p.money(d.amount) })),
    discounts: [],
    shippingCost,
    handlingCost: p.shown(own.handling),
    shippingCostBeforeDiscount: shippingCost,
    comparisonShippingCost: shippingCost,
    lineItemIds: consignment.lineItemIds,
  };
}

/** Consign has no customer accounts yet: every shopper is a guest, known by the cart's email. */
function guestCustomer(checkout: Checkout) {
  return {
    id: checkout.customerId,
    addresses: [],
    email: checkout.email,
    firstName: checkout.billingAddress?.firstName ?? '',
    lastName: checkout.billingAddress?.lastName ?? '',
    fullName: [checkout.billingAddress?.firstName, checkout.billingAddress?.lastName].filter(Boolean).join(' '),
    isGuest: checkout.customerId === 0,
    shouldEncourageSignIn: false,
    storeCredit: 0,
    customerGroup: { id: 0, name: '' },
  };
}
