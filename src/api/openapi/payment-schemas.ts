import { Type } from 'typebox';
import { Money, Nullable, Strict } from './common.js';

/**
 * Payment methods (methods_payments.v2.yml, and the checkout SDK's `PaymentMethod`) and the
 * storefront order (orders.sf.yml and the SDK's `Order`), as payment-methods.ts,
 * payment-method-presenter.ts and order-presenter.ts send them.
 */
export const PaymentMethodV2 = Strict(
  {
    code: Type.String({ description: 'Upstream\'s code: cod, bankdeposit, cheque, moneyorder, instore or testgateway.' }),
    name: Type.String(),
    test_mode: Type.Boolean({ description: 'Always false for offline methods; true for the test gateway.' }),
  },
  { $id: 'PaymentMethodV2' },
);

export const PaymentMethodSettingsV2 = Strict(
  {
    code: Type.String(),
    name: Type.String(),
    test_mode: Type.Boolean(),
    enabled: Type.Boolean(),
    instructions: Type.String({ description: 'Shown to the shopper with an offline method.' }),
  },
  { $id: 'PaymentMethodSettingsV2' },
);

export const StorefrontPaymentMethod = Strict(
  {
    id: Type.String(),
    gateway: Type.Null(),
    logoUrl: Type.String(),
    method: Type.String({ description: 'The offline method\'s code, or credit-card for the test gateway.' }),
    supportedCards: Type.Array(Type.String()),
    providesShippingAddress: Type.Boolean(),
    config: Strict({
      displayName: Type.String(),
      cardCode: Nullable(Type.Boolean()),
      helpText: Type.String(),
      enablePaypal: Type.Null(),
      merchantId: Type.Null(),
      is3dsEnabled: Type.Null(),
      testMode: Type.Boolean(),
      isVisaCheckoutEnabled: Type.Null(),
      requireCustomerCode: Type.Boolean(),
      isHostedFormEnabled: Type.Boolean(),
      isVaultingEnabled: Type.Boolean(),
      isVaultingCvvEnabled: Type.Boolean(),
      hasDefaultStoredInstrument: Type.Boolean(),
      showCardHolderName: Nullable(Type.Boolean()),
      logo: Type.Null(),
      redirectUrl: Type.Null(),
      returnUrl: Type.Null(),
    }),
    type: Type.Union([Type.Literal('PAYMENT_TYPE_OFFLINE'), Type.Literal('PAYMENT_TYPE_API')]),
    initializationStrategy: Strict({ type: Type.String() }),
    initializationData: Type.Null(),
    clientToken: Type.Null(),
    nonce: Type.Null(),
    returnUrl: Type.Null(),
    skipRedirectConfirmationAlert: Type.Boolean(),
  },
  { $id: 'StorefrontPaymentMethod' },
);

const OrderProductItem = Strict({
  id: Type.Integer(),
  productId: Type.Integer(),
  variantId: Type.Integer(),
  sku: Type.String(),
  name: Type.String(),
  url: Type.String(),
  quantity: Type.Integer(),
  brand: Type.String(),
  isTaxable: Type.Boolean(),
  imageUrl: Type.String(),
  discounts: Type.Array(Strict({ id: Type.String(), discountedAmount: Money })),
  discountAmount: Money,
  couponAmount: Money,
  listPrice: Money,
  salePrice: Money,
  extendedListPrice: Money,
  extendedSalePrice: Money,
  type: Type.String(),
  options: Type.Array(Strict({ name: Type.String(), value: Type.String() })),
  categories: Type.Array(Type.Object({})),
});

const address = {
  firstName: Type.String(),
  lastName: Type.String(),
  company: Type.String(),
  address1: Type.String(),
  address2: Type.String(),
  city: Type.String(),
  stateOrProvince: Type.String(),
  postalCode: Type.String(),
  country: Type.String(),
  countryCode: Type.String(),
  email: Type.String(),
  phone: Type.String(),
};

const OrderShippingConsignment = Strict({
  lineItems: Type.Array(Strict({ id: Type.Integer() })),
  shippingAddressId: Type.Integer(),
  ...address,
  itemsTotal: Type.Integer(),
  itemsShipped: Type.Integer(),
  shippingMethod: Type.String(),
  baseCost: Money,
  costExTax: Money,
  costIncTax: Money,
  costTax: Money,
  costTaxClassId: Type.Integer(),
  baseHandlingCost: Money,
  handlingCostExTax: Money,
  handlingCostIncTax: Money,
  handlingCostTax: Money,
  handlingCostTaxClassId: Type.Integer(),
  shippingZoneId: Type.Integer(),
  shippingZoneName: Type.String(),
  customFields: Type.Array(Type.Object({})),
  discounts: Type.Array(Strict({ id: Type.String(), code: Type.String(), amount: Money })),
});

export const StorefrontOrder = Strict(
  {
    orderId: Type.Integer(),
    cartId: Type.String(),
    currency: Strict({ name: Type.String(), code: Type.String(), symbol: Type.String(), decimalPlaces: Type.Integer() }),
    isTaxIncluded: Type.Boolean(),
    baseAmount: Money,
    discountAmount: Money,
    giftWrappingCostTotal: Money,
    orderAmount: Money,
    orderAmountAsInteger: Type.Integer(),
    coupons: Type.Array(Strict({ id: Type.String(), code: Type.String(), displayName: Type.String(), couponType: Type.Union([Type.Integer(), Type.String()]), discountedAmount: Money })),
    lineItems: Strict({
      physicalItems: Type.Array(OrderProductItem),
      digitalItems: Type.Array(OrderProductItem),
      giftCertificates: Type.Array(Strict({ id: Type.Integer(), name: Type.String(), quantity: Type.Integer(), isTaxable: Type.Boolean(), amount: Money, type: Type.String() })),
      customItems: Type.Array(Strict({ id: Type.Integer(), sku: Type.String(), name: Type.String(), quantity: Type.Integer(), listPrice: Money, extendedListPrice: Money })),
    }),
    customerId: Type.Integer(),
    billingAddress: Strict({ ...address, stateOrProvinceCode: Type.String(), customFields: Type.Array(Strict({ fieldId: Type.String(), fieldValue: Type.Unknown() })) }),
    status: Type.String({ description: 'INCOMPLETE, AWAITING_PAYMENT or AWAITING_FULFILLMENT (docs/payments.md).' }),
    hasDigitalItems: Type.Boolean(),
    isDownloadable: Type.Boolean(),
    isComplete: Type.Boolean(),
    customerMessage: Type.String(),
    shippingCostTotal: Money,
    shippingCostBeforeDiscount: Money,
    comparisonShippingCost: Money,
    handlingCostTotal: Money,
    customerCanBeCreated: Type.Boolean(),
    taxes: Type.Array(Strict({ name: Type.String(), amount: Money })),
    taxTotal: Money,
    totalDiscount: Money,
    displayDiscountTotal: Money,
    channelId: Type.Integer(),
    consignments: Strict({ shipping: Type.Array(OrderShippingConsignment) }),
    fees: Type.Array(Strict({ id: Type.Integer(), type: Type.String(), customerDisplayName: Type.String(), cost: Money, source: Type.String() })),
    payments: Type.Array(
      Strict({
        providerId: Type.String(),
        gatewayId: Type.Null(),
        providerType: Type.String(),
        methodId: Type.String(),
        paymentId: Type.Null(),
        description: Type.String(),
        amount: Money,
        detail: Strict({ step: Type.String({ description: 'ACKNOWLEDGE (offline), FINALIZE (paid) or INITIALIZE (to pay).' }), instructions: Type.String() }),
      }),
    ),
  },
  { $id: 'StorefrontOrder' },
);
