import type { Checkout } from './checkout.js';
import { invalid } from './errors.js';
import { itemCount } from './line-items.js';

/**
 * How big one checkout may grow. Upstream states no limit today; these follow what it did and
 * warns about (docs/api.md, "Limits"):
 *
 * - `lineItems`: lines in the cart (products, custom items, gift certificates, and the lines a
 *   consignment splits off a line). Upstream's documented limit was 600 per cart (for signed-in
 *   shoppers; 50 for guests) until 2022.
 * - `consignments`: upstream's guide warns that each extra consignment slows the checkout, and no
 *   shopper ships one order to more than a hundred addresses. Also the most one POST may create.
 * - `documentBytes`: the stored checkout, as UTF-8 JSON. A checkout at both counts above takes
 *   about 380 KB with ordinary names and addresses, and 825 KB with every name and address text at
 *   its longest (and five long custom fields per address); only many large custom fields on every
 *   address reach it. Every write stores, and answers with, the whole checkout, so this bounds
 *   what one write costs (the 3,000-consignment checkout of issue 11 took 5.5 MB).
 */
export const CHECKOUT_LIMITS = {
  lineItems: 600,
  consignments: 100,
  documentBytes: 1024 * 1024,
} as const;

/**
 * Refuses a change that would take a checkout past one of CHECKOUT_LIMITS, with a 422 naming the
 * limit, so that one anonymous session cannot make every read and write of its checkout (and the
 * database it shares with other stores) slow. A change that does not grow past a limit is let
 * through, so that a checkout stored over one (before the limit existed) can still be trimmed.
 * `documentBytes` gives the size of a checkout's stored document; it is asked for the previous
 * checkout only when the next one is over the limit.
 *
 * @example assertCheckoutWithinLimits(next, current, size) // throws a 422 at the 101st consignment
 */
export function assertCheckoutWithinLimits(next: Checkout, previous: Checkout | null, documentBytes: (checkout: Checkout) => number): void {
  const lines = itemCount(next.lineItems);
  if (lines > CHECKOUT_LIMITS.lineItems && lines > (previous ? itemCount(previous.lineItems) : 0)) {
    throw invalid(`A cart holds at most ${CHECKOUT_LIMITS.lineItems} line items; this change would leave ${lines}.`, {
      line_items: `at most ${CHECKOUT_LIMITS.lineItems} per cart`,
    });
  }
  const consignments = next.consignments.length;
  if (consignments > CHECKOUT_LIMITS.consignments && consignments > (previous?.consignments.length ?? 0)) {
    throw invalid(`A checkout holds at most ${CHECKOUT_LIMITS.consignments} consignments; this change would leave ${consignments}.`, {
      consignments: `at most ${CHECKOUT_LIMITS.consignments} per checkout`,
    });
  }
  const bytes = documentBytes(next);
  if (bytes > CHECKOUT_LIMITS.documentBytes && (previous === null || bytes > documentBytes(previous))) {
    throw invalid(`A checkout is stored in at most ${CHECKOUT_LIMITS.documentBytes} bytes (1 MiB); this change would take it to ${bytes}.`, {
      checkout: `at most ${CHECKOUT_LIMITS.documentBytes} bytes stored`,
    });
  }
}
