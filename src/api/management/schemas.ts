import { Type } from 'typebox';
import { FiniteNumber, Include, LIMITS, Phone, Version } from '../request-parts.js';

/**
 * Request schemas of the server-to-server dialect (snake_case). They validate requests and feed
 * the OpenAPI document. Unknown fields are ignored, as upstream ignores them; limits on sizes
 * are ours and documented in docs/api.md.
 */

/** Ids are 32-bit integers in both databases. */
export const MAX_ID = 2_147_483_647;
export const Id = Type.Integer({ minimum: 1, maximum: MAX_ID });

/**
 * Ids in paths have no length limit: an id that cannot exist is simply not found (404), as
 * upstream answers for any id it does not have, rather than a validation error.
 */
export const StoreHashParams = Type.Object({ store_hash: Type.String() });
export const CartParams = Type.Object({ store_hash: Type.String(), cartId: Type.String() });
export const CartItemParams = Type.Object({ store_hash: Type.String(), cartId: Type.String(), itemId: Type.String() });
export const CheckoutParams = Type.Object({ store_hash: Type.String(), checkoutId: Type.String() });

const Quantity = Type.Integer({ minimum: 1, maximum: LIMITS.quantity });
const Price = Type.Number({ minimum: 0, maximum: LIMITS.price });
const Text = (maxLength: number = LIMITS.text) => Type.String({ maxLength });

export const LineItemRequest = Type.Object({
  quantity: Quantity,
  product_id: Id,
  variant_id: Type.Optional(Id),
  list_price: Type.Optional(Price),
  name: Type.Optional(Text()),
});

export const CustomItemRequest = Type.Object({
  sku: Text(),
  name: Text(),
  quantity: Quantity,
  list_price: Price,
  image_url: Type.Optional(Text(2000)),
});

const Person = Type.Object({ name: Text(), email: Type.String({ format: 'email', maxLength: LIMITS.email }) });

export const GiftCertificateRequest = Type.Object({
  name: Text(),
  theme: Type.Union(['Birthday', 'Boy', 'Celebration', 'Christmas', 'General', 'Girl'].map((t) => Type.Literal(t))),
  amount: Type.Number({ minimum: 1, maximum: 1000 }),
  quantity: Quantity,
  sender: Person,
  recipient: Person,
  message: Type.Optional(Text(200)),
});

const ItemLists = {
  line_items: Type.Optional(Type.Array(LineItemRequest, { maxItems: LIMITS.itemsPerRequest })),
  custom_items: Type.Optional(Type.Array(CustomItemRequest, { maxItems: LIMITS.itemsPerRequest })),
  gift_certificates: Type.Optional(Type.Array(GiftCertificateRequest, { maxItems: LIMITS.itemsPerRequest })),
};

/** Upstream's customer and channel ids are 32-bit integers. */
const INT32_MAX = 2_147_483_647;

export const CreateCartRequest = Type.Object({
  customer_id: Type.Optional(Type.Integer({ minimum: 0, maximum: INT32_MAX })),
  channel_id: Type.Optional(Type.Integer({ minimum: 1, maximum: INT32_MAX })),
  email: Type.Optional(Type.String({ maxLength: LIMITS.email })),
  currency: Type.Optional(Type.Object({ code: Type.String({ pattern: '^[A-Za-z]{3}$' }) })),
  locale: Type.Optional(Type.String({ maxLength: 35 })),
  ...ItemLists,
});

export const AddCartItemsRequest = Type.Object({ ...ItemLists, version: Version });

export const UpdateCartItemRequest = Type.Object({
  line_item: Type.Object({
    quantity: Quantity,
    list_price: Type.Optional(Price),
    product_id: Type.Optional(Id),
    variant_id: Type.Optional(Id),
  }),
  version: Version,
});

export const UpdateCartRequest = Type.Object({ customer_id: Type.Integer({ minimum: 0, maximum: INT32_MAX }), version: Version });

export const CustomField = Type.Object({
  field_id: Type.String({ maxLength: LIMITS.text }),
  // A number must be finite: JSON's 1e309 parses to Infinity, which no answer could send back.
  field_value: Type.Union([Type.String({ maxLength: 2000 }), FiniteNumber, Type.Array(Type.Union([Type.String({ maxLength: 2000 }), FiniteNumber]), { maxItems: 50 })]),
});

/** Upstream's address fields. Which ones are required depends on the endpoint. */
export const addressFields = {
  first_name: Type.Optional(Text()),
  last_name: Type.Optional(Text()),
  email: Type.Optional(Type.String({ maxLength: LIMITS.email })),
  company: Type.Optional(Text()),
  address1: Type.Optional(Text()),
  address2: Type.Optional(Text()),
  city: Type.Optional(Text(100)),
  state_or_province: Type.Optional(Text(100)),
  state_or_province_code: Type.Optional(Text(10)),
  country_code: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$' })),
  postal_code: Type.Optional(Text(30)),
  phone: Type.Optional(Phone),
  custom_fields: Type.Optional(Type.Array(CustomField, { maxItems: 50 })),
};

export const BillingAddressRequest = Type.Object({
  ...addressFields,
  email: Type.String({ maxLength: LIMITS.email }),
  country_code: Type.String({ pattern: '^[A-Za-z]{2}$' }),
  version: Version,
});

export const BillingAddressParams = Type.Object({ store_hash: Type.String(), checkoutId: Type.String(), addressId: Type.String() });

export const UpdateCheckoutRequest = Type.Object({
  customer_message: Type.String({ maxLength: 2000 }),
  version: Version,
});

export const CheckoutQuery = Type.Object({ include: Type.Optional(Include) });
export const CartQuery = Type.Object({ include: Type.Optional(Include) });
