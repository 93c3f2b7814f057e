import type { FastifyInstance, FastifyRequest } from 'fastify';
import { EMPTY_ADDRESS, countryName, missingOrderFields } from '../../domain/address.js';
import { COUNTRIES, type Country } from '../../domain/countries.js';
import { PASSWORD_RULE } from '../../domain/customers.js';
import { CARD_METHOD_CODES } from '../../domain/payments/methods.js';
import { shippingCountries } from '../../domain/shipping/zones.js';
import type { StoreConfig } from '../../services/store-config.js';
import { checkoutFeatures } from './checkout-features.js';

const tags = ['Checkout settings (storefront)'];

/**
 * What the checkout SDK loads before it shows anything: `GET /checkout-settings` (its `Config`:
 * `context` and `storeConfig`) and `GET /form-fields`. Both are derived from the store's
 * configuration: its name, country, currency, the countries its shipping zones reach, and the
 * address fields an order needs (the same rule that checks an address when an order is placed).
 */
export async function settingsRoutes(app: FastifyInstance): Promise<void> {
  const { configs } = app.consign;

  // The SDK's loadDefaultCheckout() loads context.checkoutId: the session names only a live cart,
  // so a cart deleted since (or expired) is not named there, and the SDK starts afresh.
  app.get('/checkout-settings', { schema: { tags } }, async (request) => {
    const { store, cartId } = request.storefront;
    return checkoutSettings(await configs.get(store), originOf(request), cartId);
  });

  app.get('/form-fields', { schema: { tags } }, async (request) => formFields(await configs.get(request.storefront.store)));
}

function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? 'localhost'}`;
}

export function checkoutSettings(config: StoreConfig, origin: string, checkoutId: string | undefined) {
  const { settings, store } = config;
  const currency = {
    code: settings.currency.code,
    decimalPlaces: String(settings.currency.decimalPlaces),
    decimalSeparator: '.',
    symbolLocation: 'left',
    symbol: settings.currency.symbol,
    thousandsSeparator: ',',
    isTransactional: true,
  };
  return {
    context: { ...(checkoutId ? { checkoutId } : {}), geoCountryCode: settings.countryCode, flashMessages: [], payment: {} },
    customization: { languageData: [] },
    storeConfig: {
      cdnPath: '',
      checkoutSettings: {
        features: checkoutFeatures(),
        checkoutBillingSameAsShippingEnabled: true,
        checkoutUserExperienceSettings: { enhancedCheckoutThemeV1: false, walletButtonsOnTop: false, floatingLabelEnabled: false },
        enableOrderComments: true,
        enableTermsAndConditions: false,
        googleMapsApiKey: '',
        googleRecaptchaSitekey: '',
        isAccountCreationEnabled: false,
        isStorefrontSpamProtectionEnabled: false,
        guestCheckoutEnabled: true,
        // Consignments to several addresses are what Consign is for.
        hasMultiShippingEnabled: true,
        isAnalyticsEnabled: false,
        isCardVaultingEnabled: false,
        isCouponCodeCollapsed: true,
        isExpressPrivacyPolicy: false,
        isSignInEmailEnabled: false,
        isPaymentRequestEnabled: false,
        isPaymentRequestCanMakePaymentEnabled: false,
        isSpamProtectionEnabled: false,
        isTrustedShippingAddressEnabled: false,
        orderTermsAndConditions: '',
        orderTermsAndConditionsLink: '',
        orderTermsAndConditionsLocation: '',
        orderTermsAndConditionsType: '',
        privacyPolicyUrl: '',
        providerWithCustomCheckout: null,
        shippingQuoteFailedMessage: "Unfortunately one or more items in your cart can't be shipped to your location. Please choose a different delivery address.",
        realtimeShippingProviders: [],
        requiresMarketingConsent: false,
        remoteCheckoutProviders: [],
        // Newer checkout-js sends a shopper who signs in to `links.loginLink` when this is on;
        // Consign signs shoppers in on the checkout itself (docs/customers.md).
        shouldRedirectToStorefrontForAuth: false,
      },
      currency,
      displayDateFormat: 'dd/MM/yyyy',
      inputDateFormat: 'dd/MM/yyyy',
      displaySettings: { hidePriceFromGuests: false },
      // Deprecated upstream (the SDK reads /form-fields), still sent for older SDKs.
      formFields: formFields(config),
      // Every store's hosted checkout and order-confirmation pages (hosted/index.ts); the cart
      // page is the store's storefront, except for the demo store whose demo page picks products.
      links: {
        cartLink: settings.demo ? `${origin}/demo` : origin,
        checkoutLink: `${origin}/checkout`,
        createAccountLink: '',
        forgotPasswordLink: '',
        loginLink: '',
        logoutLink: '',
        siteLink: origin,
        orderConfirmationLink: `${origin}/checkout/order-confirmation`,
      },
      // Card payments (and hosted card fields) go to Consign itself, at the storefront's own origin
      // (docs/payments.md); the card methods are listed so that older SDKs pay them with their card
      // strategy rather than a legacy one.
      paymentSettings: { bigpayBaseUrl: origin, clientSidePaymentProviders: [...CARD_METHOD_CODES] },
      shopperConfig: {
        defaultNewsletterSignup: false,
        passwordRequirements: { alpha: PASSWORD_RULE.alpha, numeric: PASSWORD_RULE.numeric, minlength: PASSWORD_RULE.minLength, error: PASSWORD_RULE.message },
        showNewsletterSignup: false,
      },
      storeProfile: {
        orderEmail: settings.orderEmail,
        shopPath: origin,
        storeCountry: countryName(settings.countryCode),
        storeCountryCode: settings.countryCode,
        storeHash: store.hash,
        storeId: String(store.id),
        storeName: settings.name,
        storePhoneNumber: settings.phone,
        storeLanguage: 'en',
      },
      imageDirectory: 'product_images',
      isAngularDebuggingEnabled: false,
      shopperCurrency: { ...currency, exchangeRate: 1, isTransactional: true },
    },
  };
}

/** Upstream's field ids for the built-in address fields. */
const ADDRESS_FIELDS: readonly { name: string; id: string; label: string; order: string; maxLength?: number }[] = [
  { name: 'firstName', id: 'field_4', label: 'First Name', order: 'first_name' },
  { name: 'lastName', id: 'field_5', label: 'Last Name', order: 'last_name' },
  { name: 'company', id: 'field_6', label: 'Company Name', order: 'company' },
  { name: 'phone', id: 'field_7', label: 'Phone Number', order: 'phone' },
  { name: 'address1', id: 'field_8', label: 'Address Line 1', order: 'address1' },
  { name: 'address2', id: 'field_9', label: 'Address Line 2', order: 'address2' },
  { name: 'city', id: 'field_10', label: 'Suburb/City', order: 'city' },
  { name: 'countryCode', id: 'field_11', label: 'Country', order: 'country_code' },
  { name: 'stateOrProvince', id: 'field_12', label: 'State/Province', order: 'state_or_province' },
  { name: 'postalCode', id: 'field_13', label: 'Zip/Postcode', order: 'postal_code' },
];

/** Fields whose need depends on the country: the SDK sets their `required` from its country list. */
const PER_COUNTRY = new Set(['state_or_province', 'postal_code']);

export function formFields(config: StoreConfig) {
  // Required is what an order needs of an address (the rule that checks one when an order is
  // placed); the state and postcode as in the store's own country, which the SDK adjusts per
  // country from /internalapi/v1/*/countries. The country itself is always required.
  const always = new Set(missingOrderFields(EMPTY_ADDRESS));
  const local = new Set(missingOrderFields({ ...EMPTY_ADDRESS, countryCode: config.settings.countryCode }));
  const address = (countries: readonly Country[]) =>
    ADDRESS_FIELDS.map((f) => ({
      id: f.id,
      name: f.name,
      custom: false,
      label: f.label,
      required: (PER_COUNTRY.has(f.order) ? local : always).has(f.order),
      default: f.name === 'countryCode' ? config.settings.countryCode : '',
      ...(f.name === 'countryCode'
        ? { type: 'array', fieldType: 'dropdown', itemtype: 'string', options: { items: countries.map((c) => ({ value: c.code, label: c.name })) } }
        : { type: 'string', fieldType: 'text', maxLength: f.name === 'city' || f.name === 'stateOrProvince' ? 100 : 250 }),
    }));
  return {
    customerAccount: [
      { id: 'field_1', name: 'email', custom: false, label: 'Email Address', required: true, default: '', type: 'string', fieldType: 'text', maxLength: 255 },
      // checkout-js's create-account form refuses to render without the password's `requirements`.
      {
        id: 'field_2',
        name: 'password',
        custom: false,
        label: 'Password',
        required: true,
        default: '',
        type: 'string',
        fieldType: 'password',
        secret: true,
        requirements: { alpha: PASSWORD_RULE.alpha, numeric: PASSWORD_RULE.numeric, minlength: PASSWORD_RULE.minLength, description: PASSWORD_RULE.message },
      },
      ...address([]).filter((f) => f.name === 'firstName' || f.name === 'lastName'),
    ],
    // The same lists /internalapi/v1/shipping/countries and /internalapi/v1/store/countries answer.
    shippingAddress: address(shippingCountries(config.shipping.zones)),
    billingAddress: address(COUNTRIES),
  };
}
