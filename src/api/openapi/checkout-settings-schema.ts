import { Type } from 'typebox';
import { Empty, Strict } from './common.js';
import { CHECKOUT_FEATURES } from '../storefront/checkout-features.js';
import { FormFields } from './storefront-schemas.js';

/**
 * `GET /api/storefront/checkout-settings`: the configuration the checkout SDK loads before it
 * shows anything (its `Config`: `context`, `customization`, `storeConfig`), as
 * storefront/settings.ts derives it from the store.
 */

const Currency = {
  code: Type.String(),
  decimalPlaces: Type.String(),
  decimalSeparator: Type.String(),
  symbolLocation: Type.String(),
  symbol: Type.String(),
  thousandsSeparator: Type.String(),
  isTransactional: Type.Boolean(),
};

const flags = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, Type.Boolean()]));
const texts = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, Type.String()]));

export const CheckoutSettings = Strict(
  {
    context: Strict({
      checkoutId: Type.Optional(Type.String({ description: "The session's checkout, when it has one." })),
      geoCountryCode: Type.String(),
      flashMessages: Empty('Always empty.'),
      payment: Strict({}),
    }),
    customization: Strict({ languageData: Empty('Always empty.') }),
    storeConfig: Strict({
      cdnPath: Type.String(),
      checkoutSettings: Strict({
        features: Strict(flags(CHECKOUT_FEATURES)),
        checkoutUserExperienceSettings: Strict(flags(['enhancedCheckoutThemeV1', 'walletButtonsOnTop', 'floatingLabelEnabled'])),
        ...flags([
          'checkoutBillingSameAsShippingEnabled',
          'enableOrderComments',
          'enableTermsAndConditions',
          'isAccountCreationEnabled',
          'isStorefrontSpamProtectionEnabled',
          'guestCheckoutEnabled',
          'hasMultiShippingEnabled',
          'isAnalyticsEnabled',
          'isCardVaultingEnabled',
          'isCouponCodeCollapsed',
          'isExpressPrivacyPolicy',
          'isSignInEmailEnabled',
          'isPaymentRequestEnabled',
          'isPaymentRequestCanMakePaymentEnabled',
          'isSpamProtectionEnabled',
          'isTrustedShippingAddressEnabled',
          'requiresMarketingConsent',
          'shouldRedirectToStorefrontForAuth',
        ]),
        ...texts([
          'googleMapsApiKey',
          'googleRecaptchaSitekey',
          'orderTermsAndConditions',
          'orderTermsAndConditionsLink',
          'orderTermsAndConditionsLocation',
          'orderTermsAndConditionsType',
          'privacyPolicyUrl',
          'shippingQuoteFailedMessage',
        ]),
        providerWithCustomCheckout: Type.Null(),
        realtimeShippingProviders: Empty('Always empty.'),
        remoteCheckoutProviders: Empty('Always empty.'),
      }),
      currency: Strict(Currency),
      displayDateFormat: Type.String(),
      inputDateFormat: Type.String(),
      displaySettings: Strict({ hidePriceFromGuests: Type.Boolean() }),
      formFields: FormFields,
      links: Strict(texts(['cartLink', 'checkoutLink', 'createAccountLink', 'forgotPasswordLink', 'loginLink', 'logoutLink', 'siteLink', 'orderConfirmationLink'])),
      paymentSettings: Strict({
        bigpayBaseUrl: Type.String({ description: "The storefront's own origin: Consign answers card payments (docs/payments.md)." }),
        clientSidePaymentProviders: Type.Array(Type.String(), { description: 'Methods the SDK pays with its card strategy: the test gateway, with and without hosted card fields.' }),
      }),
      shopperConfig: Strict({
        defaultNewsletterSignup: Type.Boolean(),
        passwordRequirements: Strict({ alpha: Type.String(), numeric: Type.String(), minlength: Type.Integer(), error: Type.String() }),
        showNewsletterSignup: Type.Boolean(),
      }),
      storeProfile: Strict(
        texts(['orderEmail', 'shopPath', 'storeCountry', 'storeCountryCode', 'storeHash', 'storeId', 'storeName', 'storePhoneNumber', 'storeLanguage']),
      ),
      imageDirectory: Type.String(),
      isAngularDebuggingEnabled: Type.Boolean(),
      shopperCurrency: Strict({ ...Currency, exchangeRate: Type.Number(), isTransactional: Type.Boolean() }),
    }),
  },
  { $id: 'CheckoutSettings' },
);

/**
 * `GET /api/storefront/checkout-extensions`: the SDK's `Extension` (extension/extension.ts of the
 * published checkout SDK). Consign offers none, so the list is always empty.
 */
export const CheckoutExtension = Strict(
  {
    id: Type.String(),
    name: Type.String(),
    region: Type.String({ description: 'e.g. `shipping.shippingAddressForm.before`, `summary.after`, `global`' }),
    url: Type.String(),
    type: Type.Enum(['iframe', 'worker']),
  },
  { $id: 'CheckoutExtension' },
);
