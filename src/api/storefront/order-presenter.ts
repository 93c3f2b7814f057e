import { countryName } from '../../domain/address.js';
import { COUPON_TYPE_CODES, type CouponType } from '../../domain/coupons.js';
import { currencyFor, fromMinor, sum } from '../../domain/money.js';
import type { Order, OrderConsignment, OrderLine } from '../../domain/orders.js';
import type { OrderPayment, OrderStatus } from '../../domain/payments/order-payment.js';
import type { TaxedAmount } from '../../domain/tax.js';
import type { StoreConfig } from '../../services/store-config.js';
import { productLinks } from '../storefront-links.js';
import { presentAddress } from './address-presenter.js';

/** Upstream's storefront statuses (orders.sf.yml `Status`). */
const STOREFRONT_STATUS: Readonly<Record<OrderStatus, string>> = {
  Incomplete: 'INCOMPLETE',
  'Awaiting Payment': 'AWAITING_PAYMENT',
  'Awaiting Fulfillment': 'AWAITING_FULFILLMENT',
};

/**
 * An order as the storefront reads it back (`GET /api/storefront/orders/{id}`: orders.sf.yml and
 * the checkout SDK's `Order`), from the order's snapshot. Like every storefront amount, one side
 * of each taxed amount: with tax when the store displays prices with tax (`displayIncTax`).
 * `lineItems` is the SDK's map of kinds (the SDK maps it as one), and `payments` the payment the
 * order records, with the step the SDK reads for its payment status (docs/payments.md). A line's
 * `url` and `imageUrl` are its product's now, absolute on `origin` (storefront-links.ts).
 */
export function presentStorefrontOrder(order: Order, config: StoreConfig, origin: string) {
  const displayIncTax = config.tax.settings.displayPricesIncludingTax;
  const money = (minor: number) => fromMinor(minor, order.decimalPlaces);
  const shown = (amount: TaxedAmount) => money(displayIncTax ? amount.incTax : amount.exTax);
  const side = (amount: TaxedAmount) => (displayIncTax ? amount.incTax : amount.exTax);
  const currency = currencyFor(order.currencyCode);
  const t = order.totals;
  const lines = (kind: OrderLine['kind']) => order.lines.filter((l) => l.kind === kind);
  const product = (line: OrderLine) => {
    const catalogued = config.catalog.product(line.productId);
    const links = productLinks(origin, { productId: line.productId, url: catalogued?.url ?? '', imageUrl: catalogued?.imageUrl ?? '' });
    return {
      id: line.id,
      productId: line.productId,
      variantId: line.variantId,
      sku: line.sku,
      name: line.name,
      url: links.url,
      quantity: line.quantity,
      brand: '',
      isTaxable: line.unit.incTax !== line.unit.exTax,
      imageUrl: links.imageUrl,
      discounts: line.discounts.map((d) => ({ id: d.code, discountedAmount: shown(d.amount) })),
      discountAmount: 0,
      couponAmount: money(sum(line.discounts.map((d) => side(d.amount)))),
      listPrice: shown(line.unit),
      salePrice: shown(line.unit),
      extendedListPrice: shown(line.before),
      extendedSalePrice: shown(line.before),
      // The SDK's LineItem: checkout-js's confirmation shows the comparison price beside the sale price.
      comparisonPrice: shown(line.unit),
      extendedComparisonPrice: shown(line.before),
      type: line.kind,
      options: [],
      categories: [],
    };
  };
  const shippingBefore = shown(t.shippingBeforeDiscount);
  const couponTotal = side(t.itemDiscount) + side(t.shippingDiscount);
  const hasDigitalItems = order.lines.some((l) => l.kind === 'digital');
  const payment = order.payment ?? null;
  return {
    orderId: order.id,
    cartId: order.checkoutId,
    currency: { name: currency?.name ?? order.currencyCode, code: order.currencyCode, symbol: currency?.symbol ?? '', decimalPlaces: order.decimalPlaces },
    isTaxIncluded: displayIncTax,
    baseAmount: shown(t.subtotal),
    discountAmount: 0,
    giftWrappingCostTotal: 0,
    orderAmount: money(t.grandTotal),
    orderAmountAsInteger: t.grandTotal,
    coupons: order.coupons.map((c) => ({
      id: String(c.id),
      code: c.code,
      displayName: c.name,
      couponType: COUPON_TYPE_CODES[c.type as CouponType] ?? c.type,
      discountedAmount: shown(c.discount),
    })),
    lineItems: {
      physicalItems: lines('physical').map(product),
      digitalItems: lines('digital').map(product),
      giftCertificates: lines('gift_certificate').map((g) => ({ id: g.id, name: g.name, quantity: g.quantity, isTaxable: false, amount: money(g.unit.exTax), type: 'giftCertificate' })),
      customItems: lines('custom').map((c) => ({ id: c.id, sku: c.sku, name: c.name, quantity: c.quantity, listPrice: shown(c.unit), extendedListPrice: shown(c.before) })),
    },
    customerId: order.customerId,
    billingAddress: presentAddress(order.billingAddress),
    status: STOREFRONT_STATUS[order.status] ?? 'INCOMPLETE',
    hasDigitalItems,
    isDownloadable: hasDigitalItems && order.status === 'Awaiting Fulfillment',
    isComplete: order.status !== 'Incomplete',
    customerMessage: order.customerMessage,
    shippingCostTotal: shown(t.shipping),
    shippingCostBeforeDiscount: shippingBefore,
    comparisonShippingCost: shippingBefore,
    handlingCostTotal: shown(t.handling),
    customerCanBeCreated: false,
    taxes: order.taxes.map((tax) => ({ name: tax.name, amount: money(tax.amount) })),
    taxTotal: money(t.taxTotal),
    totalDiscount: money(couponTotal),
    displayDiscountTotal: money(couponTotal),
    channelId: 1,
    consignments: { shipping: order.consignments.filter((c) => c.address !== null).map((c) => shippingConsignment(order, c, shown)) },
    fees: order.fees.map((f) => ({ id: f.id, type: 'custom_fee', customerDisplayName: f.displayName, cost: shown(f.cost), source: f.source })),
    payments: payment
      ? [
          {
            providerId: payment.methodId,
            gatewayId: null,
            providerType: payment.offline ? 'PAYMENT_TYPE_OFFLINE' : 'PAYMENT_TYPE_API',
            methodId: payment.methodId,
            paymentId: null,
            description: payment.methodName,
            amount: money(t.grandTotal),
            detail: { step: paymentStep(payment), instructions: '' },
          },
        ]
      : [],
  };
}

function shippingConsignment(order: Order, c: OrderConsignment, shown: (amount: TaxedAmount) => number) {
  const address = c.address!;
  const lines = order.lines.filter((l) => c.lineIds.includes(l.id));
  return {
    lineItems: lines.map((l) => ({ id: l.id })),
    shippingAddressId: c.id,
    firstName: address.firstName,
    lastName: address.lastName,
    company: address.company,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    stateOrProvince: address.stateOrProvince,
    postalCode: address.postalCode,
    country: countryName(address.countryCode),
    countryCode: address.countryCode,
    email: address.email,
    phone: address.phone,
    itemsTotal: lines.reduce((n, l) => n + l.quantity, 0),
    itemsShipped: 0,
    shippingMethod: c.shippingMethod,
    baseCost: shown(c.shipping.before),
    costExTax: fromMinor(c.shipping.net.exTax, order.decimalPlaces),
    costIncTax: fromMinor(c.shipping.net.incTax, order.decimalPlaces),
    costTax: fromMinor(c.shipping.net.incTax - c.shipping.net.exTax, order.decimalPlaces),
    costTaxClassId: order.shippingTaxClassId,
    baseHandlingCost: shown(c.handling),
    handlingCostExTax: fromMinor(c.handling.exTax, order.decimalPlaces),
    handlingCostIncTax: fromMinor(c.handling.incTax, order.decimalPlaces),
    handlingCostTax: fromMinor(c.handling.incTax - c.handling.exTax, order.decimalPlaces),
    handlingCostTaxClassId: order.shippingTaxClassId,
    shippingZoneId: 0,
    shippingZoneName: '',
    customFields: [],
    discounts: c.shipping.discounts.map((d) => ({ id: d.code, code: d.code, amount: shown(d.amount) })),
  };
}

/** The SDK's payment step: ACKNOWLEDGE (offline, paid outside the checkout), FINALIZE (paid), INITIALIZE (to pay). */
export function paymentStep(payment: OrderPayment): 'ACKNOWLEDGE' | 'FINALIZE' | 'INITIALIZE' {
  return payment.offline ? 'ACKNOWLEDGE' : payment.status === 'captured' ? 'FINALIZE' : 'INITIALIZE';
}
