import type { Coupon } from '../domain/coupons.js';
import { NotFoundError, invalid } from '../domain/errors.js';
import type { ConfigWriter, StoreRecord } from '../store/store.js';
import { ConfigKind } from './config-documents.js';
import type { ConfigCache } from './store-config.js';

export type CouponInput = Omit<Coupon, 'id'>;

/** The unique-key name under which coupons claim their codes, lower-cased (config_unique_keys). */
const COUPON_CODE = 'coupon_code';

/**
 * Coupon definitions. Codes are unique in a store, compared without case: each coupon claims its
 * code in the database, whose key refuses a second claim, so two requests racing with one code
 * (through one process or several) cannot both win. Each change returns the coupon as written.
 */
export class CouponService {
  constructor(private readonly configs: ConfigCache) {}

  async create(record: StoreRecord, coupon: CouponInput): Promise<Coupon> {
    let id = 0;
    await this.configs.change(record, async (tx) => {
      id = await tx.insert(ConfigKind.coupon, null, JSON.stringify(coupon));
      await claimCode(tx, id, coupon.code);
    });
    return { ...coupon, id };
  }

  /** Replaces a coupon (upstream's PUT sends the whole coupon). */
  async update(record: StoreRecord, id: number, coupon: CouponInput): Promise<Coupon> {
    await this.configs.change(record, async (tx) => {
      if (!(await tx.update(ConfigKind.coupon, id, JSON.stringify(coupon)))) throw couponNotFound(id);
      await tx.releaseUnique(COUPON_CODE, { kind: ConfigKind.coupon, id });
      await claimCode(tx, id, coupon.code);
    });
    return { ...coupon, id };
  }

  async delete(record: StoreRecord, id: number): Promise<void> {
    if ((await this.configs.remove(record, ConfigKind.coupon, [id])) === 0) throw couponNotFound(id);
  }
}

export function couponNotFound(id: number): NotFoundError {
  return new NotFoundError('resource', `Coupon ${id} was not found.`);
}

async function claimCode(tx: ConfigWriter, id: number, code: string): Promise<void> {
  if ((await tx.claimUnique(COUPON_CODE, [code.toLowerCase()], { kind: ConfigKind.coupon, id })) !== undefined) {
    throw invalid(`The coupon code '${code}' is already in use.`, { code: 'already in use' });
  }
}
