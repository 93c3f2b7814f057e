import { Type } from 'typebox';
import { GIFT_CERTIFICATE_THEMES } from '../../domain/line-items.js';
import { FiniteNumber, Include, LIMITS, Phone, Version } from '../request-parts.js';


/**
 * Request schemas of the storefront dialect (carts.sf, checkouts.sf), camelCase. Fields the
 * checkout SDK echoes back from a response (an address's `id` or `country`) are accepted and
 * ignored; fields Consign cannot honour yet are declared, so they are refused with a reason
 * rather than silently dropped.
 */
const Text = (maxLength: number = LIMITS.text) => Type.String({ maxLength });
const Quantity = Type.Integer({ minimum: 1, maximum: LIMITS.quantity });
/** An id in a path: any length; one that names nothing is not found (404), as upstream answers. */
const Id = Type.String();

export const CartParams = Type.Object({ cartId: Id });
export const CartItemParams = Type.Object({ cartId: Id, itemId: Id });
export const CheckoutParams = Type.Object({ checkoutId: Id });
export const CheckoutItemParams = Type.Object({ checkoutId: Id, cartId: Id, itemId: Id });
export const BillingAddressParams = Type.Object({ checkoutId: Id, addressId: Id });
export const ConsignmentParams = Type.Object({ checkoutId: Id, consignmentId: Id });
export const IncludeQuery = Type.Object({ include: Type.Optional(Include) });

const CustomField = Type.Object({
  fieldId: Text(),
  // A number must be finite: JSON's 1e309 parses to Infinity, which no answer could send back.
  fieldValue: Type.Union([Type.String({ maxLength: 2000 }), FiniteNumber, Type.Array(Type.Union([Type.String({ maxLength: 2000 }), FiniteNumber]), { maxItems: 50 })]),
});

export const addressFields = {
  firstName: Type.Optional(Text()),
  lastName: Type.Optional(Text()),
  email: Type.Optional(Type.String({ maxLength: LIMITS.email })),
  company: Type.Optional(Text()),
  address1: Type.Optional(Text()),
  address2: Type.Optional(Text()),
  city: Type.Optional(Text(100)),
  stateOrProvince: Type.Optional(Text(100)),
  stateOrProvinceCode: Type.Optional(Text(10)),
  countryCode: Type.String({ pattern: '^[A-Za-z]{2}$' }),
  postalCode: Type.Optional(Text(30)),
  phone: Type.Optional(Phone),
  customFields: Type.Optional(Type.Array(CustomField, { maxItems: 50 })),
  shouldSaveAddress: Type.Optional(Type.Boolean()),
};
export const AddressRequest = Type.Object(addressFields);

const GiftCertificateRequest = Type.Object({
  name: Text(),
  theme: Type.Union(GIFT_CERTIFICATE_THEMES.map((t) => Type.Literal(t))),
  amount: Type.Number({ minimum: 1, maximum: 1000 }),
  quantity: Quantity,
  sender: Type.Object({ name: Text(), email: Type.String({ format: 'email', maxLength: LIMITS.email }) }),
  recipient: Type.Object({ name: Text(), email: Type.String({ format: 'email', maxLength: LIMITS.email }) }),
  message: Type.Optional(Text(200)),
});

export const LineItemRequest = Type.Object({
  productId: Type.Integer({ minimum: 1 }),
  variantId: Type.Optional(Type.Integer({ minimum: 1 })),
  quantity: Quantity,
  optionSelections: Type.Optional(Type.Array(Type.Object({ optionId: Type.Integer(), optionValue: Type.Union([Type.String(), Type.Integer()]) }), { maxItems: 50 })),
  giftWrapping: Type.Optional(Type.Union([Type.Null(), Type.Object({})])),
});

const ItemLists = {
  lineItems: Type.Optional(Type.Array(LineItemRequest, { maxItems: LIMITS.itemsPerRequest })),
  giftCertificates: Type.Optional(Type.Array(GiftCertificateRequest, { maxItems: LIMITS.itemsPerRequest })),
};

export const CreateCartRequest = Type.Object({ ...ItemLists, locale: Type.Optional(Type.String({ maxLength: 35 })) });
export const AddCartItemsRequest = Type.Object({ ...ItemLists, version: Version });
export const UpdateCartItemRequest = Type.Object({
  lineItem: Type.Object({
    quantity: Quantity,
    productId: Type.Optional(Type.Integer({ minimum: 1 })),
    variantId: Type.Optional(Type.Integer({ minimum: 1 })),
    giftWrapping: Type.Optional(Type.Union([Type.Null(), Type.Object({})])),
  }),
  version: Version,
});
export const VersionRequest = Type.Object({ version: Version });

export const UpdateCheckoutRequest = Type.Object({ customerMessage: Type.String({ maxLength: 2000 }), version: Version });
/**
 * Upstream's schema requires `countryCode`, yet the checkout SDK's `continueAsGuest({ email })`
 * sends only the email when the checkout has no billing address yet (and, once one exists, sends
 * it back with its empty `countryCode`), and upstream accepts it; so does Consign. The order
 * still needs a country (src/domain/orders.ts).
 */
export const BillingAddressRequest = Type.Object({ ...addressFields, countryCode: Type.Optional(Type.String({ pattern: '^([A-Za-z]{2})?$' })), version: Version });

const ConsignmentLineItems = Type.Array(Type.Object({ itemId: Id, quantity: Quantity }), { maxItems: LIMITS.itemsPerRequest });
const consignmentFields = {
  address: Type.Optional(AddressRequest),
  /** Deprecated upstream; accepted as an alias of `address`. */
  shippingAddress: Type.Optional(AddressRequest),
  /** The same, as upstream's create prose spells it ("`shipping_address` (deprecated) or `address`"). */
  shipping_address: Type.Optional(AddressRequest),
  shippingOptionId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  pickupOption: Type.Optional(Type.Object({ pickupMethodId: Type.Integer() })),
  version: Version,
};
export const CreateConsignmentsRequest = Type.Array(Type.Object({ ...consignmentFields, lineItems: ConsignmentLineItems }), {
  minItems: 1,
  maxItems: LIMITS.consignmentsPerRequest,
});
export const UpdateConsignmentRequest = Type.Object({ ...consignmentFields, lineItems: Type.Optional(ConsignmentLineItems) });
