import { type PaymentMethodSettings, kindOf } from '../../domain/payments/methods.js';
import { SUPPORTED_CARDS } from '../../domain/payments/test-card.js';

/**
 * A payment method in the checkout SDK's `PaymentMethod` shape (`GET /api/storefront/payments`).
 * An offline method is `PAYMENT_TYPE_OFFLINE`: the SDK's offline strategy places the order with
 * `payment: {name}` and nothing more. The test gateway is `PAYMENT_TYPE_API` with method
 * `credit-card`: the SDK places the order, then posts the card to `bigpayBaseUrl` +
 * `/api/public/v1/orders/payments` (docs/payments.md): from the page itself, or, for the method
 * with hosted card fields (`isHostedFormEnabled`), from the fields' own frames.
 */
export function presentStorefrontPaymentMethod(method: PaymentMethodSettings) {
  const kind = kindOf(method.code);
  const offline = kind?.offline ?? true;
  return {
    id: method.code,
    gateway: null,
    logoUrl: '',
    method: offline ? method.code : 'credit-card',
    supportedCards: offline ? [] : [...SUPPORTED_CARDS],
    providesShippingAddress: false,
    config: {
      displayName: method.displayName,
      cardCode: offline ? null : true,
      helpText: method.instructions,
      enablePaypal: null,
      merchantId: null,
      is3dsEnabled: null,
      testMode: method.testMode,
      isVisaCheckoutEnabled: null,
      requireCustomerCode: false,
      isHostedFormEnabled: kind?.hostedFields ?? false,
      isVaultingEnabled: false,
      isVaultingCvvEnabled: false,
      hasDefaultStoredInstrument: false,
      showCardHolderName: offline ? null : true,
      logo: null,
      redirectUrl: null,
      returnUrl: null,
    },
    type: offline ? 'PAYMENT_TYPE_OFFLINE' : 'PAYMENT_TYPE_API',
    initializationStrategy: { type: 'not_applicable' },
    initializationData: null,
    clientToken: null,
    nonce: null,
    returnUrl: null,
    skipRedirectConfirmationAlert: false,
  };
}
