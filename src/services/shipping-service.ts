import { NotFoundError } from '../domain/errors.js';
import type { ShippingMethod, ShippingZone } from '../domain/shipping/types.js';
import type { ConfigWriter, StoreRecord } from '../store/store.js';
import { type ConfigCache, ConfigKind } from './store-config.js';

export type ZoneInput = Omit<ShippingZone, 'id' | 'methods'>;
export type MethodInput = Omit<ShippingMethod, 'id'>;

/**
 * Changes to a store's shipping zones and methods. Each is one configuration transaction; the
 * cached configuration is dropped at once so the next quote sees it. A zone's methods go with it.
 */
export class ShippingService {
  constructor(private readonly configs: ConfigCache) {}

  async createZone(record: StoreRecord, zone: ZoneInput, methods: readonly MethodInput[] = []): Promise<number> {
    let id = 0;
    await this.configs.change(record, async (tx) => {
      id = await tx.insert(ConfigKind.shippingZone, null, JSON.stringify(zone));
      for (const method of methods) await tx.insert(ConfigKind.shippingMethod, { kind: ConfigKind.shippingZone, id }, JSON.stringify(method));
    });
    return id;
  }

  async updateZone(record: StoreRecord, id: number, zone: ZoneInput): Promise<void> {
    await this.configs.change(record, async (tx) => {
      if (!(await tx.update(ConfigKind.shippingZone, id, JSON.stringify(zone)))) throw zoneNotFound(id);
    });
  }

  async deleteZone(record: StoreRecord, id: number): Promise<void> {
    await this.configs.change(record, async (tx) => {
      if ((await tx.delete(ConfigKind.shippingZone, [id])) === 0) throw zoneNotFound(id);
    });
  }

  async createMethod(record: StoreRecord, zoneId: number, method: MethodInput): Promise<number> {
    let id = 0;
    await this.configs.change(record, async (tx) => {
      await requireZone(tx, zoneId);
      id = await tx.insert(ConfigKind.shippingMethod, { kind: ConfigKind.shippingZone, id: zoneId }, JSON.stringify(method));
    });
    return id;
  }

  async updateMethod(record: StoreRecord, zoneId: number, id: number, method: MethodInput): Promise<void> {
    await this.configs.change(record, async (tx) => {
      await requireMethod(tx, zoneId, id);
      await tx.update(ConfigKind.shippingMethod, id, JSON.stringify(method));
    });
  }

  async deleteMethod(record: StoreRecord, zoneId: number, id: number): Promise<void> {
    await this.configs.change(record, async (tx) => {
      await requireMethod(tx, zoneId, id);
      await tx.delete(ConfigKind.shippingMethod, [id]);
    });
  }
}

export function zoneNotFound(id: number): NotFoundError {
  return new NotFoundError('zone', `Shipping zone ${id} was not found.`);
}

export function methodNotFound(id: number): NotFoundError {
  return new NotFoundError('method', `Shipping method ${id} was not found.`);
}

async function requireZone(tx: ConfigWriter, zoneId: number): Promise<void> {
  const zones = await tx.list(ConfigKind.shippingZone);
  if (!zones.some((z) => z.id === zoneId)) throw zoneNotFound(zoneId);
}

async function requireMethod(tx: ConfigWriter, zoneId: number, id: number): Promise<void> {
  await requireZone(tx, zoneId);
  const methods = await tx.list(ConfigKind.shippingMethod, { kind: ConfigKind.shippingZone, id: zoneId });
  if (!methods.some((m) => m.id === id)) throw methodNotFound(id);
}
