import type { Checkout } from '../../domain/checkout.js';
import { type Consignment, shownAddress } from '../../domain/consignment.js';
import { COUPON_TYPE_CODES } from '../../domain/coupons.js';
import type { ProductLineItem } from '../../domain/line-items.js';
import { type Minor, currencyFor, fromMinor, sum } from '../../domain/money.js';
import type { ShippingQuote } from '../../domain/shipping/types.js';
import type { TaxedAmount } from '../../domain/tax.js';
import { type CheckoutTotals, type ConsignmentTotals, type LineTotals, checkoutTotals } from '../../domain/totals.js';
import type { StoreConfig } from '../../services/store-config.js';
import type { CustomerWithAddresses } from '../../services/customers/customer-service.js';
import { Presented } from '../presented.js';
import { presentAddress } from './address-presenter.js';
import { presentCustomer, presentGuest } from './customer-presenter.js';
import { productLinks } from '../storefront-links.js';
import { upstreamTime } from '../upstream-time.js';

/**
 * The storefront dialect (`checkout_Full`, carts.sf): camelCase, no envelope, and one amount
 * where the server-to-server dialect has an `_inc_tax`/`_ex_tax` pair, picked by the store's
 * "display prices including tax" setting. Every amount, discounts included, is on that one side
 * (docs/tax.md), so they add up as shown. Every amount comes from `checkoutTotals`, the same
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
  /** Where the store's storefront answers: lines' `url` and `imageUrl` are absolute on it. */
  readonly origin: string;
  money(amount: Minor): number;
  /** The one of a taxed pair the store displays, in minor units. */
  side(amount: TaxedAmount): Minor;
  /** The same, as a decimal. */
  shown(amount: TaxedAmount): number;
}

function presenting(checkout: Checkout, config: StoreConfig, origin: string): Presenting {
  const totals = checkoutTotals(checkout, config.tax);
  const places = checkout.currency.decimalPlaces;
  const money = (amount: Minor) => fromMinor(amount, places);
  const inc = config.tax.settings.displayPricesIncludingTax;
  const side = (amount: TaxedAmount) => (inc ? amount.incTax : amount.exTax);
  return { checkout, config, totals, origin, money, side, shown: (amount) => money(side(amount)) };
}

/** Consignments and lines as last presented (see Presented): one per variant of each. */
const consignmentsWithOptions = new Presented<Consignment, ConsignmentTotals>();
const consignmentsWithoutOptions = new Presented<Consignment, ConsignmentTotals>();
const linesWithCategories = new Presented<ProductLineItem, LineTotals>();
const linesWithoutCategories = new Presented<ProductLineItem, LineTotals>();

const NO_INCLUDES: StorefrontIncludes = { availableShippingOptions: false, customer: false, payments: false, categoryNames: false };

/**
 * A cart as the storefront Carts API answers with it. `origin` is where the store's storefront
 * answers (storefront-links.ts).
 */
export function presentStorefrontCart(checkout: Checkout, config: StoreConfig, origin: string) {
  return cartOf(presenting(checkout, config, origin), NO_INCLUDES);
}

function cartOf(p: Presenting, includes: StorefrontIncludes) {
  const { checkout, totals } = p;
  const inc = p.config.tax.settings.displayPricesIncludingTax;
  return {
    id: checkout.id,
    customerId: checkout.customerId,
    email: checkout.email,
    // The name from today's table: carts and stores made before a rename keep the old one inside.
    currency: { code: checkout.currency.code, name: currencyFor(checkout.currency.code)?.name ?? checkout.currency.name, symbol: checkout.currency.symbol, decimalPlaces: checkout.currency.decimalPlaces },
    isTaxIncluded: inc,
    baseAmount: p.shown(totals.baseAmount),
    // Order-level discounts other than coupons ("excludes coupon discounts", upstream); Consign has none.
    discountAmount: 0,
    cartAmount: p.shown(totals.cartAmount),
    coupons: checkout.coupons.map((c) => ({
      id: c.id,
      code: c.code,
      displayName: c.name,
      couponType: c.type,
      discountedAmount: p.shown(totals.couponAmounts.get(c.code)!),
    })),
    discounts: [],
    lineItems: lineItemsOf(p, includes),
    createdTime: upstreamTime(checkout.createdTime),
    updatedTime: upstreamTime(checkout.updatedTime),
    locale: checkout.locale,
    version: checkout.version,
  };
}

/**
 * The checkout (`checkout_Full`), its links on `origin` (storefront-links.ts). `customer` is the
 * checkout's customer account, when it has one, for the `customer` include (customer-presenter.ts).
 */
export function presentStorefrontCheckout(checkout: Checkout, config: StoreConfig, includes: StorefrontIncludes, origin: string, customer?: CustomerWithAddresses) {
  const p = presenting(checkout, config, origin);
  const { totals, money } = p;
  const shippingCostTotal = p.shown(totals.shippingCostTotal);
  return {
    id: checkout.id,
    cart: cartOf(p, includes),
    ...(checkout.billingAddress ? { billingAddress: { id: checkout.billingAddress.id, ...presentAddress(checkout.billingAddress) } } : {}),
    consignments: presentConsignments(p, includes),
    coupons: checkout.coupons.map((c) => ({
      id: c.id,
      code: c.code,
      displayName: c.name,
      couponType: COUPON_TYPE_CODES[c.type],
      discountedAmount: p.shown(totals.couponAmounts.get(c.code)!),
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
    ...(includes.customer ? { customer: customer ? presentCustomer(customer) : customerOf(checkout) } : {}),
    customerMessage: checkout.customerMessage,
    giftCertificates: [],
    giftWrappingCostTotal: 0,
    grandTotal: money(totals.grandTotal),
    handlingCostTotal: p.shown(totals.handlingCostTotal),
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
    subtotal: p.shown(totals.subtotal),
    taxes: totals.taxes.map((t) => ({ name: t.name, amount: money(t.amount) })),
    taxTotal: money(totals.taxTotal),
    createdTime: upstreamTime(checkout.createdTime),
    updatedTime: upstreamTime(checkout.updatedTime),
    channelId: checkout.channelId,
    version: checkout.version,
  };
}

function lineItemsOf(p: Presenting, includes: StorefrontIncludes) {
  const { checkout, totals, money } = p;
  const couponIds = new Map(checkout.coupons.map((c) => [c.code, c.id]));
  const kept = includes.categoryNames ? linesWithCategories : linesWithoutCategories;
  const shared = [p.config.tax, checkout.currency, p.origin];
  const product = (item: ProductLineItem) => kept.of(item, totals.lines.get(item.id)!, shared, presentLine);
  const presentLine = (item: ProductLineItem, line: LineTotals) => {
    const links = productLinks(p.origin, item);
    return {
      id: item.id,
      variantId: item.variantId,
      productId: item.productId,
      sku: item.sku,
      name: item.name,
      url: links.url,
      quantity: item.quantity,
      brand: '',
      isTaxable: item.isTaxable,
      imageUrl: links.imageUrl,
      // As upstream's schema says: `discountAmount` excludes coupons; each coupon's share is a
      // `discounts[]` entry under the coupon's id and adds up to `couponAmount`.
      discounts: line.discounts.map((d) => ({ id: couponIds.get(d.code) ?? 0, discountedAmount: p.shown(d.amount) })),
      discountAmount: 0,
      couponAmount: money(sum(line.discounts.map((d) => p.side(d.amount)))),
      originalPrice: p.shown(line.originalUnit),
      // Shown with or without tax, per the store's display setting, like every storefront amount.
      listPrice: p.shown(line.listUnit),
      salePrice: p.shown(line.saleUnit),
      extendedListPrice: p.shown(line.extendedList),
      extendedSalePrice: p.shown(line.before),
      comparisonPrice: p.shown(line.listUnit),
      extendedComparisonPrice: p.shown(line.extendedList),
      isShippingRequired: item.kind === 'physical',
      isMutable: true,
      addedByPromotion: false,
      // No giftWrapping, parentId, nor option nameId/valueId: left out, as in the server-to-server dialect.
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
      listPrice: p.shown(totals.customItems.get(c.id)!.unit),
      extendedListPrice: p.shown(totals.customItems.get(c.id)!.extended),
    })),
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

function presentConsignments(p: Presenting, includes: StorefrontIncludes) {
  const kept = includes.availableShippingOptions ? consignmentsWithOptions : consignmentsWithoutOptions;
  const shared = [p.config.tax, p.checkout.currency];
  const present = (consignment: Consignment, own: ConsignmentTotals) => presentConsignmentWith(p, consignment, own, includes);
  return p.checkout.consignments.map((c) => kept.of(c, p.totals.consignments.get(c.id)!, shared, present));
}

function presentConsignmentWith(p: Presenting, consignment: Consignment, own: ConsignmentTotals, includes: StorefrontIncludes) {
  const shown = shownAddress(consignment);
  const address = shown && { id: shown.id, ...presentAddress(shown), shouldSaveAddress: shown.shouldSaveAddress === true };
  const before = p.shown(own.shipping.before);
  return {
    id: consignment.id,
    // `shippingAddress` is deprecated upstream and still sent: older clients read it.
    ...(address ? { address, shippingAddress: address } : {}),
    ...(includes.availableShippingOptions
      ? { availableShippingOptions: consignment.availableShippingOptions.map((o) => ({ ...presentShippingOption(p, o, own.options.get(o.id)), isRecommended: o.isRecommended })) }
      : {}),
    // Sent as null while there is none, unlike the server-to-server dialect (which leaves them
    // out, as upstream's schema and examples do): the checkout SDK merges each answer into the
    // consignment of the same id it holds (objectMerge keeps keys the answer lacks), so an absent
    // key would leave a selection the service has dropped in the shopper's page. docs/api.md.
    selectedShippingOption: consignment.selectedShippingOption ? presentShippingOption(p, consignment.selectedShippingOption, own.options.get(consignment.selectedShippingOption.id)) : null,
    selectedPickupOption: consignment.selectedPickupOption ? { pickupMethodId: consignment.selectedPickupOption.pickupMethodId } : null,
    couponDiscounts: own.shipping.discounts.map((d) => ({ code: d.code, amount: p.shown(d.amount) })),
    discounts: [],
    // What the consignment is charged for shipping, after its coupon discounts; before them, and
    // after automatic promotions (Consign has none), in the two that follow.
    shippingCost: p.shown(own.shipping.net),
    handlingCost: p.shown(own.handling),
    shippingCostBeforeDiscount: before,
    comparisonShippingCost: before,
    lineItemIds: consignment.lineItemIds,
  };
}

/**
 * The customer of a checkout whose account is not at hand: a guest's (id 0), or a `customer_id`
 * the server-to-server API set that names no account of this store, shown as it was set.
 */
function customerOf(checkout: Checkout) {
  return { ...presentGuest(checkout), id: checkout.customerId, isGuest: checkout.customerId === 0 };
}
