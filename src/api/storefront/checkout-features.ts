/**
 * The experiment flags of `checkoutSettings.features` that Consign turns on, each for something
 * the service does (docs/storefront.md). checkout-js reads them with `isExperimentEnabled`; a flag
 * absent is off.
 */
export const CHECKOUT_FEATURES = [
  // Multi-address shipping for guests too: consignments to several addresses need no account.
  'CHECKOUT-9161.enable_storefront_guest_multi_shipping',
  // Adding an address while splitting items (POST /api/storefront/customer-address).
  'CHECKOUT-4726.add_address_in_multishipping_checkout',
] as const;

/** The `features` object of the storefront checkout settings. */
export function checkoutFeatures(): Record<(typeof CHECKOUT_FEATURES)[number], boolean> {
  return Object.fromEntries(CHECKOUT_FEATURES.map((name) => [name, true])) as Record<(typeof CHECKOUT_FEATURES)[number], boolean>;
}
