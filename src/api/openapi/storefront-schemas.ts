import { Type } from 'typebox';
import { DateTime, Empty, Money, Nullable, Strict, Uri } from './common.js';
import { StorefrontCustomer } from './customer-schemas.js';
import { giftCertificateFields } from './checkout-schemas.js';

/**
 * The storefront dialect (carts.sf.yml, checkouts.sf.yml `checkout_Full`) as
 * storefront/presenter.ts and settings.ts send it: camelCase, no envelope, one amount per field
 * (with or without tax by the store's display setting).
 */

const Options = Type.Array(Strict({ name: Type.String(), value: Type.String() }));

const ProductItem = Strict(
  {
    id: Type.String(),
    variantId: Type.Integer(),
    productId: Type.Integer(),
    sku: Type.String(),
    name: Type.String(),
    url: Uri("The product's page on the store's storefront (docs/api.md#response-shapes)."),
    quantity: Type.Integer(),
    brand: Type.String(),
    isTaxable: Type.Boolean(),
    imageUrl: Uri("The product's image, or the default one, on the store's storefront."),
    discounts: Type.Array(Strict({ id: Type.Integer({ description: "The coupon's id." }), discountedAmount: Money }), { description: "What each coupon takes off the line; they add up to couponAmount." }),
    discountAmount: Money,
    couponAmount: Money,
    originalPrice: Money,
    listPrice: Money,
    salePrice: Money,
    extendedListPrice: Money,
    extendedSalePrice: Money,
    comparisonPrice: Money,
    extendedComparisonPrice: Money,
    isShippingRequired: Type.Boolean(),
    isMutable: Type.Boolean(),
    addedByPromotion: Type.Boolean(),
    options: Options,
    categoryNames: Type.Optional(Type.Array(Type.String(), { description: 'With include=cart.lineItems.physicalItems.categoryNames (and the like).' })),
    type: Type.Enum(['physical', 'digital']),
  },
  { $id: 'StorefrontProductItem' },
);

const LineItems = Strict({
  physicalItems: Type.Array(ProductItem),
  digitalItems: Type.Array(ProductItem),
  giftCertificates: Type.Array(
    Strict({ ...giftCertificateFields, type: Type.Literal('giftCertificate') }),
  ),
  customItems: Type.Array(Strict({ id: Type.String(), sku: Type.String(), name: Type.String(), quantity: Type.Integer(), listPrice: Money, extendedListPrice: Money })),
});

const coupon = (couponType: ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>) =>
  Strict({ id: Type.Integer(), code: Type.String(), displayName: Type.String(), couponType, discountedAmount: Money });

/** carts.sf.yml's Cart. */
export const StorefrontCart = Strict(
  {
    id: Type.String({ format: 'uuid' }),
    customerId: Type.Integer(),
    email: Type.String(),
    currency: Strict({ code: Type.String(), name: Type.String(), symbol: Type.String(), decimalPlaces: Type.Integer() }),
    isTaxIncluded: Type.Boolean(),
    baseAmount: Money,
    discountAmount: Money,
    cartAmount: Money,
    coupons: Type.Array(coupon(Type.String({ description: "The coupon's type, as a string key." }))),
    discounts: Empty('Always empty: Consign has no automatic discounts.'),
    lineItems: LineItems,
    createdTime: DateTime,
    updatedTime: DateTime,
    locale: Type.String(),
    version: Type.Integer(),
  },
  { $id: 'StorefrontCart' },
);

const addressFields = {
  id: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  email: Type.String(),
  company: Type.String(),
  address1: Type.String(),
  address2: Type.String(),
  city: Type.String(),
  stateOrProvince: Type.String(),
  stateOrProvinceCode: Type.String(),
  country: Type.String(),
  countryCode: Type.String(),
  postalCode: Type.String(),
  phone: Type.String(),
  customFields: Type.Array(
    Strict({ fieldId: Type.String(), fieldValue: Type.Union([Type.String(), Type.Number(), Type.Array(Type.Union([Type.String(), Type.Number()]))]) }),
  ),
};

const optionFields = {
  id: Type.String(),
  type: Type.String(),
  description: Type.String(),
  imageUrl: Type.String(),
  cost: Money,
  transitTime: Type.String(),
  additionalDescription: Type.String(),
};
const SelectedOption = Strict(optionFields, { $id: 'StorefrontShippingOption' });

const ConsignmentAddress = Strict({ ...addressFields, shouldSaveAddress: Type.Boolean() }, { $id: 'StorefrontConsignmentAddress' });

const Consignment = Strict(
  {
    id: Type.String(),
    address: Type.Optional(ConsignmentAddress),
    shippingAddress: Type.Optional(ConsignmentAddress),
    availableShippingOptions: Type.Optional(Type.Array(Strict({ ...optionFields, isRecommended: Type.Boolean() }))),
    // Null while none is chosen: the checkout SDK needs the key to forget a dropped one (docs/api.md).
    selectedShippingOption: Nullable(SelectedOption),
    selectedPickupOption: Nullable(Strict({ pickupMethodId: Type.Integer() })),
    couponDiscounts: Type.Array(Strict({ code: Type.String(), amount: Money })),
    discounts: Empty('Always empty: Consign has no automatic shipping discounts.'),
    shippingCost: Money,
    handlingCost: Money,
    shippingCostBeforeDiscount: Money,
    comparisonShippingCost: Money,
    lineItemIds: Type.Array(Type.String()),
  },
  { $id: 'StorefrontConsignment' },
);

/** checkouts.sf.yml's `checkout_Full`. */
export const StorefrontCheckout = Strict(
  {
    id: Type.String({ format: 'uuid' }),
    cart: StorefrontCart,
    billingAddress: Type.Optional(Strict(addressFields)),
    consignments: Type.Array(Consignment),
    coupons: Type.Array(coupon(Type.Integer({ minimum: 0, maximum: 5, description: 'Upstream\'s integer code: 0 per item, 1 percentage, 2 per total, 3 shipping, 4 free shipping, 5 promotion.' }))),
    fees: Type.Array(
      Strict({
        id: Type.String(),
        type: Type.Literal('custom_fee'),
        name: Type.String(),
        displayName: Type.String(),
        cost: Money,
        source: Type.String(),
        taxClassId: Type.Optional(Type.Integer()),
      }),
    ),
    customer: Type.Optional(StorefrontCustomer),
    customerMessage: Type.String(),
    giftCertificates: Empty('Always empty: gift certificates cannot be redeemed yet.'),
    giftWrappingCostTotal: Money,
    grandTotal: Money,
    handlingCostTotal: Money,
    isStoreCreditApplied: Type.Boolean(),
    orderId: Nullable(Type.String()),
    outstandingBalance: Money,
    payments: Type.Optional(Empty('With include=payments; always empty.')),
    promotions: Empty('Always empty: Consign has no promotion banners.'),
    shippingCostBeforeDiscount: Money,
    comparisonShippingCost: Money,
    shippingCostTotal: Money,
    shouldExecuteSpamCheck: Type.Boolean(),
    subtotal: Money,
    taxes: Type.Array(Strict({ name: Type.String(), amount: Money })),
    taxTotal: Money,
    createdTime: DateTime,
    updatedTime: DateTime,
    channelId: Type.Integer(),
    version: Type.Integer(),
  },
  { $id: 'StorefrontCheckout' },
);

/** `POST /api/storefront/pickup-options`. */
export const StorefrontPickupOptions = Strict(
  {
    results: Type.Array(
      Strict({
        pickupOptions: Type.Array(
          Strict({
            pickupMethod: Strict({
              id: Type.Integer(),
              locationId: Type.Integer(),
              displayName: Type.String(),
              collectionInstructions: Type.String(),
              collectionTimeDescription: Type.String(),
            }),
            availableItems: Type.Array(Strict({ variantId: Type.Integer(), quantity: Type.Integer() })),
          }),
        ),
      }),
    ),
  },
  { $id: 'StorefrontPickupOptions' },
);

const FormField = Strict(
  {
    id: Type.String(),
    name: Type.String(),
    custom: Type.Boolean(),
    label: Type.String(),
    required: Type.Boolean(),
    default: Type.String(),
    type: Type.String(),
    fieldType: Type.String(),
    maxLength: Type.Optional(Type.Integer()),
    secret: Type.Optional(Type.Boolean()),
    itemtype: Type.Optional(Type.String()),
    options: Type.Optional(Strict({ items: Type.Array(Strict({ value: Type.String(), label: Type.String() })) })),
    requirements: Type.Optional(Strict({ alpha: Type.String(), numeric: Type.String(), minlength: Type.Integer(), description: Type.String() }, { description: "The password's rule, which the create-account form checks." })),
  },
  { $id: 'FormField' },
);

/** `GET /api/storefront/form-fields`: the address and account fields the checkout SDK shows. */
export const FormFields = Strict(
  { customerAccount: Type.Array(FormField), shippingAddress: Type.Array(FormField), billingAddress: Type.Array(FormField) },
  { $id: 'FormFields' },
);

/** `GET /internalapi/v1/store/countries` and `/shipping/countries`: what the checkout SDK builds its address forms from. */
export const Countries = Strict(
  {
    data: Type.Array(
      Strict(
        {
          code: Type.String(),
          name: Type.String(),
          hasPostalCodes: Type.Boolean(),
          requiresState: Type.Boolean(),
          subdivisions: Type.Array(Strict({ code: Type.String(), name: Type.String() })),
        },
        { $id: 'Country' },
      ),
    ),
    meta: Strict({}),
  },
  { $id: 'Countries' },
);
