import { type TSchema, Type } from 'typebox';
import { Empty, Strict } from './common.js';

/**
 * Orders read back in upstream's v2 shapes (management/order-codec.ts, docs/orders.md): amounts
 * are strings with four decimals, except inside `consignments`, where upstream's schema has
 * numbers; ids are the order's own integers.
 */

const Decimal = Type.String({ description: 'A v2 amount: a decimal with four places, as a string.' });
const taxed = (prefix: string, as: TSchema = Decimal) => ({ [`${prefix}_ex_tax`]: as, [`${prefix}_inc_tax`]: as, [`${prefix}_tax`]: as });

const address = {
  first_name: Type.String(),
  last_name: Type.String(),
  company: Type.String(),
  street_1: Type.String(),
  street_2: Type.String(),
  city: Type.String(),
  state: Type.String(),
  zip: Type.String(),
  country: Type.String(),
  country_iso2: Type.String(),
  phone: Type.String(),
  email: Type.String(),
  form_fields: Empty('Always empty: Consign has no custom form fields.'),
};

/** Upstream's `{url, resource}` link to a sub-resource. */
const Resource = Strict({ url: Type.String(), resource: Type.String() }, { $id: 'OrderResource' });

export const OrderProduct = Strict(
  {
    id: Type.Integer(),
    order_id: Type.Integer(),
    product_id: Type.Integer(),
    variant_id: Type.Integer(),
    order_address_id: Type.Integer({ description: 'The shipping consignment carrying it, or 0.' }),
    order_pickup_method_id: Type.Integer({ description: 'The pickup consignment carrying it, or 0.' }),
    name: Type.String(),
    name_customer: Type.String(),
    name_merchant: Type.String(),
    sku: Type.String(),
    type: Type.Enum(['physical', 'digital', 'giftcertificate']),
    quantity: Type.Integer(),
    base_price: Decimal,
    ...taxed('price'),
    base_total: Decimal,
    total_ex_tax: Decimal,
    total_inc_tax: Decimal,
    total_tax: Decimal,
    discounted_total_inc_tax: Decimal,
    applied_discounts: Type.Array(Strict({ id: Type.Literal('coupon'), amount: Decimal, name: Type.String(), code: Type.String(), target: Type.Enum(['order', 'product']) })),
    weight: Type.String(),
    quantity_shipped: Type.Integer(),
    is_refunded: Type.Boolean(),
    quantity_refunded: Type.Integer(),
    product_options: Empty('Always empty.'),
  },
  { $id: 'OrderProduct' },
);

const shippingCosts = (as: TSchema) => ({
  items_total: Type.Integer(),
  items_shipped: Type.Integer(),
  shipping_method: Type.String(),
  base_cost: as,
  ...taxed('cost', as),
  cost_tax_class_id: Type.Integer(),
  base_handling_cost: as,
  ...taxed('handling_cost', as),
  handling_cost_tax_class_id: Type.Integer(),
});

export const OrderShippingAddress = Strict({ id: Type.Integer(), order_id: Type.Integer(), ...address, ...shippingCosts(Decimal) }, { $id: 'OrderShippingAddress' });

const LineItems = Type.Array(Type.Union([OrderProduct, Resource]), { description: 'Links to the lines, or the lines themselves with include=consignments.line_items.' });

export const OrderConsignments = Strict(
  {
    pickups: Type.Array(
      Strict({
        id: Type.Integer(),
        pickup_method_id: Type.Integer(),
        pickup_method_display_name: Type.String(),
        collection_instructions: Type.String(),
        collection_time_description: Type.String(),
        location: Strict({
          id: Type.Integer(),
          name: Type.String(),
          code: Type.String(),
          address_line_1: Type.String(),
          address_line_2: Type.String(),
          city: Type.String(),
          state: Type.String(),
          postal_code: Type.String(),
          country_alpha2: Type.String(),
          email: Type.String(),
          phone: Type.String(),
        }),
        line_items: LineItems,
      }),
    ),
    shipping: Type.Array(Strict({ id: Type.Integer(), ...address, line_items: LineItems, ...shippingCosts(Type.Number()) })),
    downloads: Type.Array(Strict({ recipient_email: Type.String(), line_items: LineItems })),
    email: Strict({ gift_certificates: Type.Array(Strict({ recipient_email: Type.String(), line_items: LineItems })) }),
  },
  { $id: 'OrderConsignments' },
);

export const OrderFee = Strict(
  {
    id: Type.Integer(),
    type: Type.Literal('custom_fee'),
    display_name_customer: Type.String(),
    display_name_merchant: Type.String(),
    source: Type.String(),
    base_cost: Decimal,
    ...taxed('cost'),
    tax_class_id: Type.Integer(),
  },
  { $id: 'OrderFee' },
);

export const OrderCoupon = Strict(
  {
    id: Type.Integer(),
    coupon_id: Type.Integer(),
    order_id: Type.Integer(),
    code: Type.String(),
    amount: Type.Number({ description: 'A percentage for a percentage discount, otherwise an amount.' }),
    type: Type.Integer({ minimum: 0, maximum: 5, description: "Upstream's integer code: 0 per item, 1 percentage, 2 per total, 3 shipping, 4 free shipping, 5 promotion." }),
    discount: Type.Number(),
  },
  { $id: 'OrderCoupon' },
);

export const OrderTax = Strict(
  {
    id: Type.Integer(),
    order_id: Type.Integer(),
    order_address_id: Type.Integer(),
    order_pickup_method_id: Type.Integer(),
    name: Type.String(),
    priority_amount: Decimal,
    line_amount: Decimal,
    line_item_type: Type.Enum(['item', 'shipping', 'handling', 'fee']),
    order_product_id: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'OrderTax' },
);

/** A v2 order, as read back (a documented subset of upstream's). */
export const Order = Strict(
  {
    id: Type.Integer(),
    customer_id: Type.Integer(),
    date_created: Type.String(),
    date_modified: Type.String(),
    date_shipped: Type.String(),
    status_id: Type.Integer(),
    status: Type.String(),
    custom_status: Type.String(),
    cart_id: Type.String(),
    subtotal_ex_tax: Decimal,
    subtotal_inc_tax: Decimal,
    subtotal_tax: Decimal,
    base_shipping_cost: Decimal,
    ...taxed('shipping_cost'),
    shipping_cost_tax_class_id: Type.Integer(),
    base_handling_cost: Decimal,
    ...taxed('handling_cost'),
    handling_cost_tax_class_id: Type.Integer(),
    base_wrapping_cost: Decimal,
    ...taxed('wrapping_cost'),
    total_ex_tax: Decimal,
    total_inc_tax: Decimal,
    total_tax: Decimal,
    is_tax_inclusive_pricing: Type.Boolean(),
    items_total: Type.Integer(),
    items_shipped: Type.Integer(),
    payment_method: Type.String(),
    payment_status: Type.String(),
    refunded_amount: Decimal,
    order_is_digital: Type.Boolean(),
    store_credit_amount: Decimal,
    gift_certificate_amount: Decimal,
    currency_code: Type.String(),
    default_currency_code: Type.String(),
    currency_exchange_rate: Type.String(),
    customer_message: Type.String(),
    discount_amount: Decimal,
    coupon_discount: Decimal,
    shipping_address_count: Type.Integer(),
    order_source: Type.String(),
    channel_id: Type.Integer(),
    billing_address: Strict(address),
    products: Resource,
    shipping_addresses: Resource,
    coupons: Resource,
    consignments: Type.Union([OrderConsignments, Resource], { description: 'A link, or the consignments with include=consignments.' }),
    fees: Type.Union([Type.Array(OrderFee), Resource], { description: 'A link, or the fees with include=fees.' }),
  },
  { $id: 'Order' },
);
