import { Type } from 'typebox';
import { Money, Nullable, Strict } from './common.js';

/**
 * The store's configuration as the server-to-server routes answer with it: the catalog
 * (catalog-codec.ts), tax (tax.ts), pickup methods and options (pickup-codec.ts), Shipping v2
 * zones and methods (shipping-codec.ts), v2 coupons (coupons.ts), and where the store's
 * storefront answers (storefront-settings.ts).
 */

export const Product = Strict(
  {
    id: Type.Integer(),
    name: Type.String(),
    type: Type.Enum(['physical', 'digital']),
    sku: Type.String(),
    price: Money,
    sale_price: Money,
    weight: Type.Number(),
    width: Type.Number(),
    height: Type.Number(),
    depth: Type.Number(),
    is_free_shipping: Type.Boolean(),
    fixed_cost_shipping_price: Money,
    tax_class_id: Type.Integer(),
    custom_url: Strict({ url: Type.String(), is_customized: Type.Boolean() }),
    image_url: Type.String(),
    variants: Type.Array(
      Strict(
        {
          id: Type.Integer(),
          product_id: Type.Integer(),
          sku: Type.String(),
          price: Nullable(Money),
          sale_price: Nullable(Money),
          calculated_price: Money,
          weight: Nullable(Type.Number()),
          calculated_weight: Type.Number(),
          option_values: Type.Array(Strict({ option_display_name: Type.String(), label: Type.String() })),
        },
        { $id: 'Variant', description: 'A variant; `price`, `sale_price` and `weight` are null when it uses its product\'s.' },
      ),
    ),
  },
  { $id: 'Product' },
);

export const TaxSettings = Strict(
  { tax_entered_with_prices: Type.Boolean(), show_prices_including_tax: Type.Boolean(), shipping_tax_class_id: Type.Integer(), fee_tax_class_id: Type.Integer() },
  { $id: 'TaxSettings' },
);

export const TaxClass = Strict({ id: Type.Integer(), name: Type.String() }, { $id: 'TaxClass' });

export const TaxZone = Strict(
  {
    id: Type.Integer(),
    name: Type.String(),
    enabled: Type.Boolean(),
    locations: Type.Array(Strict({ country_code: Type.String(), subdivision_codes: Type.Array(Type.String()) })),
    rates: Type.Array(
      Strict({
        id: Type.Integer(),
        name: Type.String(),
        enabled: Type.Boolean(),
        class_rates: Type.Array(Strict({ tax_class_id: Type.Integer(), rate: Type.Number() })),
      }),
    ),
  },
  { $id: 'TaxZone' },
);

export const PickupMethod = Strict(
  {
    id: Type.Integer(),
    location_id: Type.Integer(),
    display_name: Type.String(),
    collection_instructions: Type.String(),
    collection_time_description: Type.String(),
    location_identity: Type.Integer({ description: 'Deprecated upstream: the same as location_id.' }),
    date_created: Type.String(),
    date_modified: Type.String(),
  },
  { $id: 'PickupMethod' },
);

/** `POST /v3/pickup/options`: no `data` envelope, as upstream. */
export const PickupOptions = Strict(
  {
    results: Type.Array(
      Strict({
        pickup_options: Type.Array(
          Strict({
            pickup_method: Strict({
              id: Type.Integer(),
              location_id: Type.Integer(),
              display_name: Type.String(),
              collection_instructions: Type.String(),
              collection_time_description: Type.String(),
            }),
            available_items: Type.Array(Strict({ variant_id: Type.Integer(), quantity: Type.Integer() })),
          }),
        ),
      }),
    ),
  },
  { $id: 'PickupOptions' },
);

/** Upstream sends zone surcharges as strings. */
const HandlingFees = Strict({
  fixed_surcharge: Type.Optional(Type.String()),
  percentage_surcharge: Type.Optional(Type.String()),
  display_separately: Type.Boolean(),
});

export const ShippingZone = Strict(
  {
    id: Type.Integer(),
    name: Type.String(),
    type: Type.Enum(['zip', 'country', 'state', 'global']),
    locations: Type.Array(
      Strict({ id: Type.Integer(), zip: Type.Optional(Type.String()), country_iso2: Type.Optional(Type.String()), state_iso2: Type.Optional(Type.String()) }),
    ),
    free_shipping: Strict({ enabled: Type.Boolean(), minimum_sub_total: Type.String(), exclude_fixed_shipping_products: Type.Boolean() }),
    handling_fees: HandlingFees,
    enabled: Type.Boolean(),
  },
  { $id: 'ShippingZone' },
);

export const ShippingMethod = Strict(
  {
    id: Type.Integer(),
    name: Type.String(),
    type: Type.Enum(['perorder', 'peritem', 'weight', 'total', 'freeshipping']),
    settings: Type.Union([
      Strict({ rate: Money }),
      Strict({
        default_cost: Nullable(Type.Number()),
        default_cost_type: Type.Enum(['percentage_of_total', 'fixed_amount']),
        range: Type.Array(Strict({ lower_limit: Type.Number(), upper_limit: Type.Number(), shipping_cost: Money })),
      }),
      Strict({}),
    ]),
    enabled: Type.Boolean(),
    handling_fees: HandlingFees,
    is_fallback: Type.Boolean(),
    channel_ids: Type.Array(Type.Integer()),
    transit_time: Type.String({ description: "Consign's addition: shown as the option's transit_time." }),
  },
  { $id: 'ShippingMethod' },
);

/** A v2 coupon; amounts are strings with four decimals, as v2 sends them. */
export const CouponDefinition = Strict(
  {
    id: Type.Integer(),
    name: Type.String(),
    code: Type.String(),
    type: Type.String(),
    amount: Type.String(),
    min_purchase: Type.String(),
    enabled: Type.Boolean(),
    applies_to: Strict({ entity: Type.Literal('products'), ids: Type.Array(Type.Integer()) }),
  },
  { $id: 'CouponDefinition' },
);

/** `POST /v3/checkouts/{id}/orders`. */
export const OrderCreated = Strict({ id: Type.Integer() }, { $id: 'OrderCreated' });

/** `GET|PUT /v3/storefront/settings` (Consign's own): where the store's storefront answers, and whom shoppers contact. */
export const StorefrontSettings = Strict(
  {
    storefront_hosts: Type.Array(Type.String()),
    storefront_origins: Type.Array(Type.String()),
    default_host: Type.String(),
    order_email: Type.String({ description: "Where shoppers write about their orders (the checkout's store profile `orderEmail`); empty for none." }),
    phone: Type.String({ description: "The store's phone number (the store profile's `storePhoneNumber`); empty for none." }),
  },
  { $id: 'StorefrontSettings' },
);

const apiAccountFields = {
  id: Type.Integer(),
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  created_at: Nullable(Type.String({ format: 'date-time', description: 'Null for accounts made before tokens were dated.' })),
  expires_at: Nullable(Type.String({ format: 'date-time', description: 'Null: the token never expires.' })),
};

/** `GET /v3/consign/api-accounts` (Consign's own): an API account, never its token. */
export const ApiAccount = Strict(apiAccountFields, { $id: 'ApiAccount' });

/** `POST /v3/consign/api-accounts`: the new account with its token, shown this once. */
export const ApiAccountCreated = Strict(
  { ...apiAccountFields, token: Type.String({ description: 'The X-Auth-Token of the account: shown in this answer only.' }) },
  { $id: 'ApiAccountCreated' },
);

/** Upstream's `CheckoutsSettings` (checkouts.v3.yml): the hosted pages' scripts (docs/checkout-js.md). */
export const CheckoutScriptSettings = Strict(
  {
    custom_checkout_script_url: Type.String(),
    order_confirmation_use_custom_checkout_script: Type.Boolean(),
    custom_order_confirmation_script_url: Type.String(),
    custom_checkout_supports_uco_settings: Type.Boolean(),
    custom_checkout_sri_hash: Type.String(),
    custom_order_confirmation_sri_hash: Type.String(),
  },
  { $id: 'CheckoutScriptSettings' },
);
