import { Type } from 'typebox';
import { DateTime, Empty, Money, Nullable, Strict, Uri } from './common.js';

/**
 * The cart and checkout of the server-to-server dialect (carts.v3.yml Cart, checkouts.v3.yml
 * Checkout) as presenter.ts sends them: snake_case, amounts as decimals, keys left out (not sent
 * as null) where upstream's examples leave them out.
 */

const FieldValue = Type.Union([Type.String(), Type.Number(), Type.Array(Type.Union([Type.String(), Type.Number()]))]);

const addressFields = {
  first_name: Type.String(),
  last_name: Type.String(),
  email: Type.String(),
  company: Type.String(),
  address1: Type.String(),
  address2: Type.String(),
  city: Type.String(),
  state_or_province: Type.String(),
  state_or_province_code: Type.String(),
  country: Type.String({ description: "The country's name, from country_code." }),
  country_code: Type.String({ description: 'ISO 3166-1 alpha-2, in capitals.' }),
  postal_code: Type.String(),
  phone: Type.String(),
  custom_fields: Type.Array(Strict({ field_id: Type.String(), field_value: FieldValue })),
};

/** A billing or consignment address, with its id. */
export const Address = Strict({ id: Type.String(), ...addressFields }, { $id: 'Address' });

const Currency = Strict({ code: Type.String() });

/** A coupon applied to the cart (`coupon_type` is upstream's string key). */
export const AppliedCoupon = Strict(
  { id: Type.Integer(), code: Type.String(), coupon_type: Type.String(), display_name: Type.String(), discounted_amount: Money },
  { $id: 'AppliedCoupon' },
);

const Discount = Strict({ id: Type.String(), discounted_amount: Money });

/** A product line; the cart calls its tax flag `taxable`, the checkout `is_taxable` (upstream's names). */
const productItem = (taxable: 'taxable' | 'is_taxable', $id: string) =>
  Strict(
    {
      id: Type.String(),
      variant_id: Type.Integer(),
      product_id: Type.Integer(),
      sku: Type.String(),
      name: Type.String(),
      url: Uri("The product's page on the store's storefront (docs/api.md#response-shapes)."),
      quantity: Type.Integer(),
      [taxable]: Type.Boolean(),
      image_url: Uri("The product's image, or the default one, on the store's storefront."),
      discounts: Type.Array(Discount),
      coupons: Empty('Always empty: coupon discounts are in `discounts` and `coupon_amount`.'),
      discount_amount: Money,
      coupon_amount: Money,
      original_price: Money,
      list_price: Money,
      sale_price: Money,
      extended_list_price: Money,
      extended_sale_price: Money,
      comparison_price: Money,
      extended_comparison_price: Money,
      is_require_shipping: Type.Boolean(),
      is_mutable: Type.Boolean(),
      added_by_promotion: Type.Boolean(),
      options: Type.Array(Strict({ name: Type.String(), value: Type.String() }), {
        description: 'No gift_wrapping, parent_id, nor option nameId/valueId: Consign has none of them, and leaves them out as upstream does.',
      }),
    },
    { $id },
  );

const Person = Strict({ name: Type.String(), email: Type.String() });

/** A gift certificate line: the same fields in both dialects (the storefront adds `type`). */
export const giftCertificateFields = {
  id: Type.String(),
  name: Type.String(),
  theme: Type.String(),
  amount: Money,
  quantity: Type.Integer(),
  taxable: Type.Boolean(),
  sender: Person,
  recipient: Person,
  message: Type.String(),
};

const GiftCertificate = Strict(giftCertificateFields, { $id: 'GiftCertificateItem' });

const CustomItem = Strict(
  { id: Type.String(), sku: Type.String(), name: Type.String(), quantity: Type.Integer(), list_price: Money, extended_list_price: Money, image_url: Type.String() },
  { $id: 'CustomItem' },
);

const lineItems = (product: ReturnType<typeof productItem>, $id: string) =>
  Strict(
    { physical_items: Type.Array(product), digital_items: Type.Array(product), gift_certificates: Type.Array(GiftCertificate), custom_items: Type.Array(CustomItem) },
    { $id },
  );

const cartFields = {
  id: Type.String({ format: 'uuid' }),
  customer_id: Type.Integer(),
  channel_id: Type.Integer(),
  email: Type.String(),
  currency: Currency,
  tax_included: Type.Boolean(),
  base_amount: Money,
  discount_amount: Money,
};

/** carts.v3.yml's Cart. */
export const Cart = Strict(
  {
    ...cartFields,
    manual_discount_amount: Money,
    cart_amount: Money,
    coupons: Type.Array(AppliedCoupon),
    discounts: Empty('Always empty: Consign has no automatic discounts.'),
    line_items: lineItems(productItem('taxable', 'CartProductItem'), 'CartLineItems'),
    created_time: DateTime,
    updated_time: DateTime,
    locale: Type.String(),
    version: Type.Integer({ description: 'Goes up by one with every change; send it back to detect a conflicting change (409).' }),
  },
  { $id: 'Cart' },
);

/** A shipping option, available or selected. */
export const ShippingOption = Strict(
  {
    id: Type.String(),
    type: Type.String(),
    description: Type.String(),
    image_url: Type.String(),
    cost: Money,
    transit_time: Type.String(),
    additional_description: Type.String(),
  },
  { $id: 'ShippingOption' },
);

/** A consignment: an address (none for pickup) with its lines and its option. */
export const Consignment = Strict(
  {
    id: Type.String(),
    address: Type.Optional(Address),
    // The same as `address`, under the name upstream's consignment guide answers with.
    shipping_address: Type.Optional(Address),
    available_shipping_options: Type.Optional(Type.Array(ShippingOption, { description: 'Only with include=consignments.available_shipping_options.' })),
    selected_shipping_option: Type.Optional(ShippingOption),
    selected_pickup_option: Type.Optional(Strict({ pickup_method_id: Type.Integer() })),
    coupon_discounts: Type.Array(Strict({ code: Type.String(), amount: Money })),
    discounts: Empty('Always empty: Consign has no automatic shipping discounts.'),
    shipping_cost_inc_tax: Money,
    shipping_cost_ex_tax: Money,
    handling_cost_inc_tax: Money,
    handling_cost_ex_tax: Money,
    line_item_ids: Type.Array(Type.String()),
  },
  { $id: 'Consignment' },
);

const Fee = Strict({
  id: Type.String(),
  type: Type.Literal('custom_fee'),
  name: Type.String(),
  display_name: Type.String(),
  cost_inc_tax: Money,
  cost_ex_tax: Money,
  source: Type.String(),
  tax_class_id: Type.Optional(Type.Integer({ description: 'Left out when the fee names no tax class (the store\'s fee class then applies).' })),
});

/** checkouts.v3.yml's Checkout. */
export const Checkout = Strict(
  {
    id: Type.String({ format: 'uuid' }),
    cart: Strict({
      ...cartFields,
      cart_amount_inc_tax: Money,
      cart_amount_ex_tax: Money,
      coupons: Type.Array(AppliedCoupon),
      discounts: Empty('Always empty: Consign has no automatic discounts.'),
      line_items: lineItems(productItem('is_taxable', 'CheckoutProductItem'), 'CheckoutLineItems'),
      created_time: DateTime,
      updated_time: DateTime,
    }),
    billing_address: Type.Optional(Address),
    consignments: Type.Array(Consignment),
    taxes: Type.Array(Strict({ name: Type.String(), amount: Money })),
    coupons: Type.Array(AppliedCoupon),
    fees: Type.Array(Fee),
    order_id: Nullable(Type.String()),
    shipping_cost_total_inc_tax: Money,
    shipping_cost_total_ex_tax: Money,
    handling_cost_total_inc_tax: Money,
    handling_cost_total_ex_tax: Money,
    tax_total: Money,
    subtotal_inc_tax: Money,
    subtotal_ex_tax: Money,
    grand_total: Money,
    created_time: DateTime,
    updated_time: DateTime,
    customer_message: Type.String(),
    promotions: Empty('Always empty: Consign has no promotion banners.'),
    version: Type.Integer(),
  },
  { $id: 'Checkout' },
);

/** `POST /v3/carts/{id}/redirect_urls`. */
export const RedirectUrls = Strict(
  { cart_url: Type.String(), checkout_url: Type.String(), embedded_checkout_url: Type.String() },
  { $id: 'RedirectUrls' },
);

/** `POST /v3/carts`: the cart, with its hand-off links under `include=redirect_urls`. */
export const CreatedCart = Strict(
  { ...Cart.properties, redirect_urls: Type.Optional(Type.Object(RedirectUrls.properties, { additionalProperties: false, description: 'With include=redirect_urls.' })) },
  { $id: 'CreatedCart' },
);
