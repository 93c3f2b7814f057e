import { type TSchema, Type } from 'typebox';
import { Cart, Checkout, CreatedCart, RedirectUrls } from './checkout-schemas.js';
import { CheckoutExtension, CheckoutSettings } from './checkout-settings-schema.js';
import { Data, ErrorSchemas as E, Nullable, Page, Strict, described } from './common.js';
import { CustomerAddressFull, CustomerFull, InternalCustomerResponse, InternalError, StorefrontCustomer } from './customer-schemas.js';
import {
  ApiAccount,
  ApiAccountCreated,
  CheckoutScriptSettings,
  CouponDefinition,
  OrderCreated,
  PickupMethod,
  PickupOptions,
  Product,
  ShippingMethod,
  ShippingZone,
  StorefrontSettings,
  TaxClass,
  TaxSettings,
  TaxZone,
} from './config-schemas.js';
import { PaymentMethodSettingsV2, PaymentMethodV2, StorefrontOrder, StorefrontPaymentMethod } from './payment-schemas.js';
import { Order, OrderConsignments, OrderCoupon, OrderFee, OrderProduct, OrderShippingAddress, OrderTax } from './order-schemas.js';
import { CarrierResponse } from '../management/carrier-codec.js';
import { WebhookCreated, WebhookDelivery, WebhookFull } from '../management/hooks-codec.js';
import { ShippingExplanationSchema } from '../management/shipping-explain.js';
import { CheckoutSummarySchema } from '../management/checkout-list.js';
import { LoggedRequest } from '../request-log/presenter.js';
import { Countries, FormFields, StorefrontCart, StorefrontCheckout, StorefrontPickupOptions } from './storefront-schemas.js';

/**
 * What the OpenAPI document says of each operation beyond its request schemas: a summary, an
 * operationId (upstream's, where it has one), and its success answers by status (`null`: no
 * body). Keyed by `METHOD path` as the document writes the path. The error answers follow from
 * the route itself (document.ts). A route missing here is documented with Fastify's placeholder,
 * and test/e2e/openapi.test.ts fails until it is added.
 */
export interface Operation {
  readonly summary: string;
  readonly operationId: string;
  readonly responses: Readonly<Record<number, TSchema | null>>;
  /** A body the route checks by hand because it may be absent; documented, not validated here. */
  readonly optionalBody?: TSchema;
  /** Error answers of its own, in place of (or besides) those every route of its kind gives. */
  readonly errors?: Readonly<Record<number, TSchema>>;
}

const VersionBody = Strict({ version: Type.Optional(Type.Integer({ minimum: 0 })) }, { description: 'Optional: the version the change expects (409 if it is not the current one).' });
const QueryParamsBody = Strict(
  { query_params: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Passed on to the page the links lead to.' })) },
  { description: 'Optional.' },
);

const op = (summary: string, operationId: string, responses: Operation['responses'], optionalBody?: TSchema, errors?: Operation['errors']): Operation => ({
  summary,
  operationId,
  responses,
  ...(optionalBody ? { optionalBody: Nullable(optionalBody) } : {}),
  ...(errors ? { errors } : {}),
});

const S = '/stores/{store_hash}';
const SF = '/api/storefront';
const cart = Data(Cart);
const checkout = Data(Checkout);

export const OPERATIONS: Readonly<Record<string, Operation>> = {
  // Carts v3 (carts.v3.yml)
  [`POST ${S}/v3/carts`]: op('Create a cart', 'createCart', { 201: Data(CreatedCart) }),
  [`GET ${S}/v3/carts/{cartId}`]: op('Get a cart', 'getCart', { 200: cart }),
  [`PUT ${S}/v3/carts/{cartId}`]: op("Update a cart's customer_id", 'updateCart', { 201: cart }),
  [`DELETE ${S}/v3/carts/{cartId}`]: op('Delete a cart', 'deleteCart', { 204: null }),
  [`POST ${S}/v3/carts/{cartId}/items`]: op('Add cart line items', 'addCartLineItem', { 201: cart }),
  [`PUT ${S}/v3/carts/{cartId}/items/{itemId}`]: op('Update a cart line item', 'updateCartLineItem', { 200: cart }),
  [`DELETE ${S}/v3/carts/{cartId}/items/{itemId}`]: op('Delete a cart line item (the last one deletes the cart: 204)', 'deleteCartLineItem', { 200: cart, 204: null }, VersionBody),
  [`POST ${S}/v3/carts/{cartId}/redirect_urls`]: op('Create cart redirect URLs', 'createCartRedirectURL', { 201: Data(RedirectUrls) }, QueryParamsBody),
  // Checkouts v3 (checkouts.v3.yml)
  [`GET ${S}/v3/checkouts/{checkoutId}`]: op('Get a checkout', 'getCheckout', { 200: checkout }),
  [`PUT ${S}/v3/checkouts/{checkoutId}`]: op('Update the customer message', 'updateCheckout', { 200: checkout }),
  [`POST ${S}/v3/checkouts/{checkoutId}/billing-address`]: op('Add a billing address', 'addCheckoutBillingAddress', { 200: checkout }),
  [`PUT ${S}/v3/checkouts/{checkoutId}/billing-address/{addressId}`]: op('Update the billing address', 'updateCheckoutBillingAddress', { 200: checkout }),
  [`POST ${S}/v3/checkouts/{checkoutId}/consignments`]: op('Create consignments', 'addCheckoutConsignment', { 200: checkout }),
  [`PUT ${S}/v3/checkouts/{checkoutId}/consignments/{consignmentId}`]: op('Update a consignment', 'updateCheckoutConsignment', { 200: checkout }),
  [`DELETE ${S}/v3/checkouts/{checkoutId}/consignments/{consignmentId}`]: op('Delete a consignment', 'deleteCheckoutConsignment', { 200: checkout }, VersionBody),
  [`POST ${S}/v3/checkouts/{checkoutId}/coupons`]: op('Apply a coupon', 'addCheckoutCoupon', { 200: checkout }),
  [`DELETE ${S}/v3/checkouts/{checkoutId}/coupons/{couponCode}`]: op('Remove a coupon', 'deleteCheckoutCoupon', { 200: checkout }, VersionBody),
  [`POST ${S}/v3/checkouts/{checkoutId}/fees`]: op('Add fees', 'addCheckoutFees', { 200: checkout }),
  [`PUT ${S}/v3/checkouts/{checkoutId}/fees`]: op('Update fees', 'updateCheckoutFees', { 200: checkout }),
  [`DELETE ${S}/v3/checkouts/{checkoutId}/fees`]: op('Delete fees', 'deleteCheckoutFees', { 200: checkout }),
  [`POST ${S}/v3/checkouts/{checkoutId}/orders`]: op('Create an order', 'createOrder', { 200: Data(OrderCreated) }),
  [`GET ${S}/v3/checkouts/settings`]: op('Get checkout settings', 'getCheckoutSettings', { 200: Data(CheckoutScriptSettings) }),
  [`PUT ${S}/v3/checkouts/settings`]: op('Update checkout settings', 'updateCheckoutSettings', { 200: Data(CheckoutScriptSettings) }),
  // Orders v2 (read back)
  [`GET ${S}/v2/orders/{orderId}`]: op('Get an order', 'getOrder', { 200: Order }),
  [`GET ${S}/v2/orders/{orderId}/shipping_addresses`]: op("Get an order's shipping addresses", 'getOrderShippingAddresses', { 200: Type.Array(OrderShippingAddress) }),
  [`GET ${S}/v2/orders/{orderId}/products`]: op("Get an order's products", 'getOrderProducts', { 200: Type.Array(OrderProduct) }),
  [`GET ${S}/v2/orders/{orderId}/consignments`]: op("Get an order's consignments", 'getOrderConsignments', { 200: OrderConsignments }),
  [`GET ${S}/v2/orders/{orderId}/coupons`]: op("Get an order's coupons", 'getOrderCoupons', { 200: Type.Array(OrderCoupon) }),
  [`GET ${S}/v2/orders/{orderId}/fees`]: op("Get an order's fees", 'getOrderFees', { 200: Strict({ fees: Type.Array(OrderFee) }) }),
  [`GET ${S}/v2/orders/{orderId}/taxes`]: op("Get an order's taxes", 'getOrderTaxes', { 200: Type.Array(OrderTax) }),
  // Payment methods v2 (methods_payments.v2.yml), and choosing them (Consign's own, docs/payments.md)
  [`GET ${S}/v2/payments/methods`]: op('List the enabled payment methods', 'getAllPaymentMethods', { 200: Type.Array(PaymentMethodV2) }),
  [`PUT ${S}/v2/payments/methods/{code}`]: op('Enable, disable or rename a payment method', 'updatePaymentMethod', { 200: PaymentMethodSettingsV2 }),
  [`GET ${S}/v3/consign/payment-methods`]: op('Every payment method Consign offers, with the store\'s settings, enabled or not (Consign extension)', 'consignListPaymentMethodSettings', { 200: Data(Type.Array(PaymentMethodSettingsV2)) }),
  // Coupons v2
  [`GET ${S}/v2/coupons`]: op('List coupons', 'getCoupons', { 200: Type.Array(CouponDefinition) }),
  [`POST ${S}/v2/coupons`]: op('Create a coupon', 'createCoupon', { 201: CouponDefinition }),
  [`GET ${S}/v2/coupons/{id}`]: op('Get a coupon', 'getCoupon', { 200: CouponDefinition }),
  [`PUT ${S}/v2/coupons/{id}`]: op('Update a coupon', 'updateCoupon', { 200: CouponDefinition }),
  [`DELETE ${S}/v2/coupons/{id}`]: op('Delete a coupon', 'deleteCoupon', { 204: null }),
  // Tax (docs/tax.md)
  [`GET ${S}/v3/tax/settings`]: op('Get tax settings', 'getTaxSettings', { 200: Data(TaxSettings) }),
  [`PUT ${S}/v3/tax/settings`]: op('Update tax settings', 'updateTaxSettings', { 200: Data(TaxSettings) }),
  [`GET ${S}/v3/tax/classes`]: op('List tax classes', 'getTaxClasses', { 200: Data(Type.Array(TaxClass)) }),
  [`POST ${S}/v3/tax/classes`]: op('Create a tax class', 'createTaxClass', { 200: Data(TaxClass) }),
  [`PUT ${S}/v3/tax/classes/{id}`]: op('Update a tax class', 'updateTaxClass', { 200: Data(TaxClass) }),
  [`DELETE ${S}/v3/tax/classes/{id}`]: op('Delete a tax class', 'deleteTaxClass', { 204: null }, undefined, {
    409: described(Type.Union([E.conflict, E.v3]), 'The class is in use: by a tax setting, a tax zone or a product (docs/tax.md).'),
  }),
  [`GET ${S}/v3/tax/zones`]: op('List tax zones', 'getTaxZones', { 200: Data(Type.Array(TaxZone)) }),
  [`POST ${S}/v3/tax/zones`]: op('Create a tax zone', 'createTaxZone', { 200: Data(TaxZone) }),
  [`GET ${S}/v3/tax/zones/{id}`]: op('Get a tax zone', 'getTaxZone', { 200: Data(TaxZone) }),
  [`PUT ${S}/v3/tax/zones/{id}`]: op('Update a tax zone', 'updateTaxZone', { 200: Data(TaxZone) }),
  [`DELETE ${S}/v3/tax/zones/{id}`]: op('Delete a tax zone', 'deleteTaxZone', { 204: null }),
  // Storefront hosts (Consign's own, docs/storefront.md)
  [`GET ${S}/v3/storefront/settings`]: op("Get where the store's storefront answers", 'getStorefrontSettings', { 200: Data(StorefrontSettings) }),
  [`PUT ${S}/v3/storefront/settings`]: op("Change where the store's storefront answers", 'updateStorefrontSettings', { 200: Data(StorefrontSettings) }),
  // API accounts (Consign's own, docs/api.md#managing-tokens-through-the-api)
  [`GET ${S}/v3/consign/api-accounts`]: op("List the store's API accounts (never their tokens)", 'getApiAccounts', { 200: Data(Type.Array(ApiAccount)) }),
  [`POST ${S}/v3/consign/api-accounts`]: op('Create an API account: its token is shown once', 'createApiAccount', { 201: Data(ApiAccountCreated) }),
  [`DELETE ${S}/v3/consign/api-accounts/{id}`]: op('Revoke an API account: its token is refused at once here, within 1 s by every process', 'deleteApiAccount', { 204: null }),
  [`GET ${S}/v3/consign/requests`]: op("The store's latest requests, newest first, secrets masked (this process's)", 'getRequestLog', { 200: Data(Type.Array(LoggedRequest)) }, undefined, {
    404: described(E.notFound, 'The request log is off in this process (CONSIGN_REQUEST_LOG=0).'),
  }),
  // Webhooks (webhooks.v3.yml) and Consign's delivery log (docs/webhooks.md)
  [`GET ${S}/v3/hooks`]: op('List webhooks', 'getWebhooks', { 200: Page(WebhookFull) }),
  [`POST ${S}/v3/hooks`]: op('Create a webhook: its signing secret is shown once', 'createWebhooks', { 200: Data(WebhookCreated) }),
  [`GET ${S}/v3/hooks/{webhook_id}`]: op('Get a webhook', 'getWebhook', { 200: Data(WebhookFull) }),
  [`PUT ${S}/v3/hooks/{webhook_id}`]: op('Update a webhook', 'updateWebhook', { 200: Data(WebhookFull) }),
  [`DELETE ${S}/v3/hooks/{webhook_id}`]: op('Delete a webhook', 'deleteWebhook', { 200: Data(WebhookFull) }),
  [`GET ${S}/v3/consign/hooks/{webhook_id}/deliveries`]: op("A webhook's delivery log, newest first", 'getWebhookDeliveries', { 200: Page(WebhookDelivery) }),
  // Catalog v3 (docs/api.md#catalog)
  [`GET ${S}/v3/catalog/products`]: op('List products', 'getProducts', { 200: Page(Product) }),
  [`POST ${S}/v3/catalog/products`]: op('Create a product', 'createProduct', { 200: Data(Product) }),
  [`GET ${S}/v3/catalog/products/{productId}`]: op('Get a product', 'getProductById', { 200: Data(Product) }),
  [`PUT ${S}/v3/catalog/products/{productId}`]: op('Update a product', 'updateProduct', { 200: Data(Product) }),
  [`DELETE ${S}/v3/catalog/products/{productId}`]: op('Delete a product', 'deleteProductById', { 204: null }),
  // Shipping v2 (shipping.v2.yml)
  [`GET ${S}/v2/shipping/zones`]: op('List shipping zones', 'getShippingZones', { 200: Type.Array(ShippingZone) }),
  [`POST ${S}/v2/shipping/zones`]: op('Create a shipping zone', 'createShippingZones', { 201: ShippingZone }),
  [`GET ${S}/v2/shipping/zones/{zoneId}`]: op('Get a shipping zone', 'getShippingZone', { 200: ShippingZone }),
  [`PUT ${S}/v2/shipping/zones/{zoneId}`]: op('Update a shipping zone', 'updateShippingZone', { 200: ShippingZone }),
  [`DELETE ${S}/v2/shipping/zones/{zoneId}`]: op('Delete a shipping zone', 'deleteShippingZone', { 204: null }),
  [`GET ${S}/v2/shipping/zones/{zoneId}/methods`]: op("List a zone's shipping methods", 'getShippingMethods', { 200: Type.Array(ShippingMethod) }),
  [`POST ${S}/v2/shipping/zones/{zoneId}/methods`]: op('Create a shipping method', 'createShippingMethod', { 200: ShippingMethod }),
  [`GET ${S}/v2/shipping/zones/{zoneId}/methods/{methodId}`]: op('Get a shipping method', 'getShippingMethod', { 200: ShippingMethod }),
  [`PUT ${S}/v2/shipping/zones/{zoneId}/methods/{methodId}`]: op('Update a shipping method', 'updateShippingMethod', { 200: ShippingMethod }),
  [`DELETE ${S}/v2/shipping/zones/{zoneId}/methods/{methodId}`]: op('Delete a shipping method', 'deleteShippingMethod', { 204: null }),
  [`GET ${S}/v3/checkouts/{checkoutId}/consignments/{consignmentId}/shipping-options/explain`]: op('Why each shipping method and carrier is or is not offered (Consign extension)', 'consignExplainShippingOptions', { 200: Data(ShippingExplanationSchema) }),
  [`POST ${S}/v3/consign/shipping/explain`]: op('Why each shipping method and carrier would or would not be offered to an address and items (Consign extension)', 'consignExplainShippingDraft', { 200: Data(ShippingExplanationSchema) }),
  [`GET ${S}/v3/consign/checkouts`]: op("List the store's live checkouts, most recently changed first (Consign extension)", 'consignListCheckouts', { 200: Data(Type.Array(CheckoutSummarySchema)) }),
  [`GET ${S}/v2/shipping/carriers`]: op('List connected carrier apps (Consign extension)', 'consignGetCarriers', { 200: Type.Array(CarrierResponse) }),
  [`POST ${S}/v2/shipping/carriers`]: op('Connect a carrier app after its connection check (Consign extension)', 'consignConnectCarrier', { 201: CarrierResponse }),
  [`DELETE ${S}/v2/shipping/carriers/{carrierId}`]: op('Disconnect a carrier app (Consign extension)', 'consignDisconnectCarrier', { 204: null }),
  // Pickup (pickup_methods.v3.yml, pickup_options.v3.yml)
  [`GET ${S}/v3/pickup/methods`]: op('List pickup methods', 'getPickupMethods', { 200: Page(PickupMethod) }),
  [`POST ${S}/v3/pickup/methods`]: op('Create pickup methods', 'createPickupMethods', { 200: Data(Type.Array(PickupMethod)) }),
  [`PUT ${S}/v3/pickup/methods`]: op('Update pickup methods', 'updatePickupMethods', { 200: Data(Type.Array(PickupMethod)) }),
  [`DELETE ${S}/v3/pickup/methods`]: op('Delete pickup methods', 'deletePickupMethods', { 204: null }),
  [`POST ${S}/v3/pickup/options`]: op('Find pickup options', 'findPickupOptions', { 200: PickupOptions }),
  // Storefront (carts.sf.yml, checkouts.sf.yml, pickup_options.sf.yml)
  [`GET ${SF}/carts`]: op("Get the session's cart (an array: empty without one)", 'sfGetCart', { 200: Type.Array(StorefrontCart, { maxItems: 1 }) }),
  [`POST ${SF}/carts`]: op('Create a cart (and a session)', 'sfCreateCart', { 200: StorefrontCart }),
  [`DELETE ${SF}/carts/{cartId}`]: op('Delete the cart', 'sfDeleteCart', { 204: null }),
  [`POST ${SF}/carts/{cartId}/items`]: op('Add cart line items', 'sfAddCartLineItem', { 200: StorefrontCart }),
  [`PUT ${SF}/carts/{cartId}/items/{itemId}`]: op('Update a cart line item', 'sfUpdateCartLineItem', { 200: StorefrontCart }),
  [`DELETE ${SF}/carts/{cartId}/items/{itemId}`]: op('Delete a cart line item', 'sfDeleteCartLineItem', { 200: StorefrontCart }, VersionBody),
  [`GET ${SF}/checkouts/{checkoutId}`]: op('Get the checkout', 'sfGetCheckout', { 200: StorefrontCheckout }),
  [`PUT ${SF}/checkouts/{checkoutId}`]: op('Update the customer message', 'sfUpdateCheckout', { 200: StorefrontCheckout }),
  [`GET ${SF}/checkout/{checkoutId}`]: op('Get the checkout (the checkout SDK\'s path)', 'sfGetCheckoutSingular', { 200: StorefrontCheckout }),
  [`PUT ${SF}/checkout/{checkoutId}`]: op('Update the customer message (the checkout SDK\'s path)', 'sfUpdateCheckoutSingular', { 200: StorefrontCheckout }),
  [`PUT ${SF}/checkouts/{checkoutId}/carts/{cartId}/items/{itemId}`]: op('Update a line item of the checkout', 'sfUpdateCheckoutLineItem', { 200: StorefrontCheckout }),
  [`DELETE ${SF}/checkouts/{checkoutId}/carts/{cartId}/items/{itemId}`]: op('Delete a line item of the checkout', 'sfDeleteCheckoutLineItem', { 200: StorefrontCheckout }, VersionBody),
  [`POST ${SF}/checkouts/{checkoutId}/billing-address`]: op('Add a billing address', 'sfAddCheckoutBillingAddress', { 200: StorefrontCheckout }),
  [`PUT ${SF}/checkouts/{checkoutId}/billing-address/{addressId}`]: op('Update the billing address', 'sfUpdateCheckoutBillingAddress', { 200: StorefrontCheckout }),
  [`POST ${SF}/checkouts/{checkoutId}/consignments`]: op('Create consignments', 'sfCreateCheckoutConsignment', { 200: StorefrontCheckout }),
  [`PUT ${SF}/checkouts/{checkoutId}/consignments/{consignmentId}`]: op('Update a consignment', 'sfUpdateCheckoutConsignment', { 200: StorefrontCheckout }),
  [`DELETE ${SF}/checkouts/{checkoutId}/consignments/{consignmentId}`]: op('Delete a consignment', 'sfDeleteCheckoutConsignment', { 200: StorefrontCheckout }, VersionBody),
  [`POST ${SF}/checkouts/{checkoutId}/coupons`]: op('Apply a coupon', 'sfAddCheckoutCoupon', { 200: StorefrontCheckout }),
  [`DELETE ${SF}/checkouts/{checkoutId}/coupons/{couponCode}`]: op('Remove a coupon', 'sfDeleteCheckoutCoupon', { 200: StorefrontCheckout }, VersionBody),
  [`POST ${SF}/pickup-options`]: op('Find pickup options', 'sfFindPickupOptions', { 200: StorefrontPickupOptions }),
  [`GET ${SF}/checkout-settings`]: op("The checkout SDK's configuration for this store", 'sfGetCheckoutSettings', { 200: CheckoutSettings }),
  [`GET ${SF}/checkout-extensions`]: op("The checkout's extensions (none)", 'sfGetCheckoutExtensions', { 200: Type.Array(CheckoutExtension, { maxItems: 0 }) }),
  [`GET ${SF}/form-fields`]: op('The address and account fields of the checkout form', 'sfGetFormFields', { 200: FormFields }),
  [`GET ${SF}/payments`]: op("The store's payment methods, as the checkout SDK loads them", 'sfGetPaymentMethods', { 200: Type.Array(StorefrontPaymentMethod) }),
  [`GET ${SF}/payments/{methodId}`]: op('One payment method', 'sfGetPaymentMethod', { 200: StorefrontPaymentMethod }),
  [`GET ${SF}/orders/{orderId}`]: op('An order the session placed', 'sfGetOrder', { 200: StorefrontOrder }),
  // BigCommerce's internal storefront paths the checkout SDK calls
  [`GET /internalapi/v1/store/countries`]: op('Every country, with its states', 'sfGetCountries', { 200: Countries }),
  [`GET /internalapi/v1/shipping/countries`]: op("The countries (and states) the store's shipping zones reach", 'sfGetShippingCountries', { 200: Countries }),
  [`POST /internalapi/v1/checkout/customer`]: op('Sign in (the checkout SDK\'s signInCustomer)', 'sfSignInCustomer', { 200: InternalCustomerResponse }, undefined, {
    401: described(InternalError, 'The email or password is wrong (invalid_login).'),
    429: described(Type.Union([InternalError, E.storefront]), 'Too many failed sign-ins for this email or client (throttled_login), or too many requests.'),
  }),
  [`DELETE /internalapi/v1/checkout/customer`]: op('Sign out (the checkout SDK\'s signOutCustomer)', 'sfSignOutCustomer', { 200: InternalCustomerResponse }),
  // Customers (customers.v3.yml, customers.sf.yml, and the checkout SDK)
  [`GET ${S}/v3/customers`]: op('List customers', 'getCustomers', { 200: Page(CustomerFull) }),
  [`POST ${S}/v3/customers`]: op('Create customers', 'createCustomers', { 200: Data(Type.Array(CustomerFull)) }),
  [`PUT ${S}/v3/customers`]: op('Update customers', 'updateCustomers', { 200: Data(Type.Array(CustomerFull)) }),
  [`DELETE ${S}/v3/customers`]: op('Delete customers', 'deleteCustomers', { 204: null }),
  [`GET ${S}/v3/customers/addresses`]: op('List customer addresses', 'getCustomersAddresses', { 200: Page(CustomerAddressFull) }),
  [`POST ${S}/v3/customers/addresses`]: op('Create customer addresses', 'createCustomersAddresses', { 200: Data(Type.Array(CustomerAddressFull)) }),
  [`PUT ${S}/v3/customers/addresses`]: op('Update customer addresses', 'updateCustomersAddresses', { 200: Data(Type.Array(CustomerAddressFull)) }),
  [`DELETE ${S}/v3/customers/addresses`]: op('Delete customer addresses', 'deleteCustomersAddresses', { 204: null }),
  [`POST ${SF}/customer`]: op('Create an account and sign in (the checkout SDK\'s path)', 'sfCreateCustomerSingular', { 204: null }, undefined, { 409: described(E.storefront, 'An account has this email already.') }),
  [`POST ${SF}/customers`]: op('Create an account and sign in', 'createCustomer', { 204: null }, undefined, { 409: described(E.storefront, 'An account has this email already.') }),
  [`POST ${SF}/customer-address`]: op("Save an address to the signed-in customer's address book", 'sfCreateCustomerAddress', { 201: StorefrontCustomer, 200: StorefrontCustomer }, undefined, {
    401: described(E.storefront, 'No customer is signed in.'),
  }),
};
