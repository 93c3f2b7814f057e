import type { Customer } from '../../domain/customers.js';
import { emailKey } from '../../domain/customers.js';
import type { RateLimit } from '../../domain/store-settings.js';
import type { StoreRecord } from '../../store/store.js';
import type { RateLimitBucket, RateLimiter } from '../rate-limiter.js';
import type { CustomerService } from './customer-service.js';
import { verifyPassword } from './passwords.js';

/**
 * How many failed sign-ins are allowed before further attempts are refused until the window
 * ends: per email (guessing one account's password) and per client address (trying many
 * accounts). **Decision:** upstream documents no numbers; these stop guessing without troubling
 * a shopper who mistypes a few times.
 */
export interface SignInLimits {
  readonly perEmail: RateLimit;
  readonly perClient: RateLimit;
}

export const SIGN_IN_LIMITS: SignInLimits = {
  perEmail: { quota: 5, windowMs: 15 * 60_000 },
  perClient: { quota: 30, windowMs: 15 * 60_000 },
};

export type SignInResult =
  | { readonly outcome: 'signed-in'; readonly customer: Customer }
  | { readonly outcome: 'refused' }
  /** Too many failures for this email or client: refused without checking the password. */
  | { readonly outcome: 'throttled'; readonly retryAfterMs: number };

/**
 * Checks a storefront sign-in. Only failures count against the limits, and an email or client
 * over its limit is refused whatever it sends, so that the right password, once guessed, is not
 * told apart from a wrong one until the window ends. An unknown email costs the same time as a
 * wrong password (passwords.ts). Counts are kept in this process's memory, as the other rate
 * limits are (docs/reliability.md).
 */
export class CustomerSignIn {
  constructor(
    private readonly customers: CustomerService,
    private readonly limiter: RateLimiter,
    private readonly limits: SignInLimits = SIGN_IN_LIMITS,
  ) {}

  async signIn(store: StoreRecord, email: string, password: string, client: string): Promise<SignInResult> {
    const buckets: RateLimitBucket[] = [
      { key: `sign-in email ${store.id} ${emailKey(email)}`, limit: this.limits.perEmail },
      { key: `sign-in client ${store.id} ${client}`, limit: this.limits.perClient },
    ];
    const before = this.limiter.peek(buckets);
    if (before && !before.allowed) return { outcome: 'throttled', retryAfterMs: before.state.resetMs };
    const found = await this.customers.findForSignIn(store, email);
    if (await verifyPassword(found?.passwordHash, password)) return { outcome: 'signed-in', customer: found!.customer };
    this.limiter.take(buckets);
    return { outcome: 'refused' };
  }
}
