import { DomainError } from '../errors.js';

/**
 * The payment methods a store can offer: upstream's offline methods (their codes as
 * `GET /v2/payments/methods` and the checkout SDK spell them) and BigCommerce's test card gateway
 * (`testgateway`), which approves or declines by card number (test-card.ts), and the same gateway
 * taking the card in hosted card fields (`hostedtestgateway`, Consign's). Each store enables the
 * ones it offers; no real money ever moves.
 */
export type OfflineMethodCode = 'cod' | 'bankdeposit' | 'cheque' | 'moneyorder' | 'instore';
export type PaymentMethodCode = OfflineMethodCode | 'testgateway' | 'hostedtestgateway';

export interface PaymentMethodKind {
  readonly code: PaymentMethodCode;
  /** Upstream's name of the method (`name` in v2, the default display name on the storefront). */
  readonly name: string;
  /** Offline methods complete an order without a payment request; the gateway takes a card. */
  readonly offline: boolean;
  /**
   * The card is typed into hosted card fields (frames the SDK loads from `bigpayBaseUrl`), which
   * pay with it themselves, rather than into the checkout page. A method of its own rather than a
   * setting of `testgateway`: newer checkout SDKs (1.633 and 1.983 checked) pay an id of
   * `testgateway` with a strategy of its own that sends the card with the order and knows no
   * hosted fields, while any other card method gets their card strategy, which does.
   */
  readonly hostedFields: boolean;
}

/** Every method Consign knows, in upstream's order of listing (by name, A to Z). */
export const PAYMENT_METHOD_KINDS: readonly PaymentMethodKind[] = [
  { code: 'bankdeposit', name: 'Bank Deposit', offline: true, hostedFields: false },
  { code: 'cod', name: 'Cash on Delivery', offline: true, hostedFields: false },
  { code: 'cheque', name: 'Check', offline: true, hostedFields: false },
  { code: 'moneyorder', name: 'Money Order', offline: true, hostedFields: false },
  { code: 'instore', name: 'Pay in Store', offline: true, hostedFields: false },
  { code: 'testgateway', name: 'Test Payment Gateway', offline: false, hostedFields: false },
  { code: 'hostedtestgateway', name: 'Test Payment Gateway (hosted card fields)', offline: false, hostedFields: true },
];

/** The methods that take a card (the SDK's `clientSidePaymentProviders`). */
export const CARD_METHOD_CODES: readonly PaymentMethodCode[] = PAYMENT_METHOD_KINDS.filter((k) => !k.offline).map((k) => k.code);

export const PAYMENT_METHOD_CODES: readonly PaymentMethodCode[] = PAYMENT_METHOD_KINDS.map((k) => k.code);

/** A method as a store configures it. */
export interface PaymentMethodSettings {
  readonly code: PaymentMethodCode;
  readonly enabled: boolean;
  /** What the shopper sees; upstream's name when the store set none. */
  readonly displayName: string;
  /** Shown to the shopper with an offline method (bank details, where to send a cheque). */
  readonly instructions: string;
  /** Always false for offline methods, as upstream's v2 list says; the test gateway is always in test mode. */
  readonly testMode: boolean;
}

/** A store's payment methods: a configured entry per code it has set, by code. */
export interface PaymentConfig {
  readonly methods: readonly PaymentMethodSettings[];
}

export function kindOf(code: string): PaymentMethodKind | undefined {
  return PAYMENT_METHOD_KINDS.find((k) => k.code === code);
}

/** The settings of a method a store never configured: known, disabled. */
export function defaultSettings(kind: PaymentMethodKind): PaymentMethodSettings {
  return { code: kind.code, enabled: false, displayName: kind.name, instructions: '', testMode: !kind.offline };
}

/** What a store or fixture may change about a method; omitted fields keep their value. */
export interface PaymentMethodChange {
  readonly enabled?: boolean;
  readonly displayName?: string;
  readonly instructions?: string;
}

/**
 * Applies a change to a method's settings. Refuses an unknown code (422 naming the known ones):
 * a store can offer only the methods Consign can answer for.
 * @example configureMethod(undefined, 'cod', { enabled: true }).enabled === true
 */
export function configureMethod(current: PaymentMethodSettings | undefined, code: string, change: PaymentMethodChange): PaymentMethodSettings {
  const kind = kindOf(code);
  if (!kind) {
    throw new DomainError(404, `Payment method ${code} does not exist. Known methods: ${PAYMENT_METHOD_CODES.join(', ')}.`);
  }
  const base = current ?? defaultSettings(kind);
  return {
    ...base,
    ...(change.enabled === undefined ? {} : { enabled: change.enabled }),
    ...(change.displayName === undefined ? {} : { displayName: change.displayName.trim() || kind.name }),
    ...(change.instructions === undefined ? {} : { instructions: change.instructions }),
  };
}

/** Every known method with the store's settings, configured or not, in listing order. */
export function allMethods(config: PaymentConfig): PaymentMethodSettings[] {
  return PAYMENT_METHOD_KINDS.map((kind) => config.methods.find((m) => m.code === kind.code) ?? defaultSettings(kind));
}

/** The methods a store offers shoppers, in listing order. */
export function enabledMethods(config: PaymentConfig): PaymentMethodSettings[] {
  return allMethods(config).filter((m) => m.enabled);
}

/** The enabled method with this code, or undefined: a disabled method is offered to no one. */
export function enabledMethod(config: PaymentConfig, code: string): PaymentMethodSettings | undefined {
  return enabledMethods(config).find((m) => m.code === code);
}
