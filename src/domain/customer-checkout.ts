import type { Checkout } from './checkout.js';
import type { Customer } from './customers.js';

/**
 * A signed-in shopper's cart becomes their checkout: upstream sets the cart's `customer_id` and
 * its email to the customer's when they sign in (or create an account) during checkout.
 *
 * @example assignCustomer(cart, jane).customerId === jane.id
 */
export function assignCustomer(checkout: Checkout, customer: Pick<Customer, 'id' | 'email'>): Checkout {
  if (checkout.customerId === customer.id && checkout.email === customer.email) return checkout;
  return { ...checkout, customerId: customer.id, email: customer.email };
}

/**
 * What signing out leaves of a checkout: a guest's cart, with the same items. **Decision:** the
 * addresses go too (consignments and the billing address, which may be the customer's saved
 * addresses), so that whoever uses the browser next sees nothing of the customer; the checkout
 * SDK empties its consignments on sign-out for the same reason.
 */
export function releaseCustomer(checkout: Checkout): Checkout {
  return { ...checkout, customerId: 0, email: '', consignments: [], billingAddress: null };
}
