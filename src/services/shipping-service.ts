import { NotFoundError } from '../domain/errors.js';
import type { ShippingMethod, ShippingZone } from '../domain/shipping/types.js';
import { type StoreSettings, parseSettings } from '../domain/store-settings.js';
import type { ConfigItem, ConfigWriter, StoreRecord } from '../store/store.js';
import { ConfigKind, documentOf, zoneOf } from './config-documents.js';
import type { ConfigCache } from './store-config.js';

export type ZoneInput = Omit<ShippingZone, 'id' | 'methods'>;
export type MethodInput = Omit<ShippingMethod, 'id'>;

/**
 * Changes to a store's shipping zones and methods. Each is one configuration transaction, and
 * returns what it wrote, so that a request answers from it. A zone's methods go with it. An update
 * is decided from the zone or method as stored, read inside its transaction, so that a partial
 * update never writes back a field another change replaced meanwhile.
 */
export class ShippingService {
  constructor(private readonly configs: ConfigCache) {}

  async createZone(record: StoreRecord, zone: ZoneInput, methods: readonly MethodInput[] = []): Promise<ShippingZone> {
    let created: ShippingZone | undefined;
    await this.configs.change(record, async (tx) => {
      const id = await tx.insert(ConfigKind.shippingZone, null, JSON.stringify(zone));
      const written: ShippingMethod[] = [];
      for (const method of methods) written.push({ ...method, id: await tx.insert(ConfigKind.shippingMethod, { kind: ConfigKind.shippingZone, id }, JSON.stringify(method)) });
      created = { ...zone, id, methods: written };
    });
    return created!;
  }

  /** `change` gets the zone as stored and the store's settings, and returns the zone to write. */
  async updateZone(record: StoreRecord, id: number, change: (current: ShippingZone, settings: StoreSettings) => ZoneInput): Promise<ShippingZone> {
    let updated: ShippingZone | undefined;
    await this.configs.change(record, async (tx) => {
      const item = await requireZone(tx, id);
      const methods = await tx.list(ConfigKind.shippingMethod, { kind: ConfigKind.shippingZone, id });
      const current = zoneOf(item, methods);
      const zone = change(current, parseSettings(await tx.settings()));
      await tx.update(ConfigKind.shippingZone, id, JSON.stringify(zone));
      updated = { ...zone, id, methods: current.methods };
    });
    return updated!;
  }

  async deleteZone(record: StoreRecord, id: number): Promise<void> {
    await this.configs.change(record, async (tx) => {
      if ((await tx.delete(ConfigKind.shippingZone, [id])) === 0) throw zoneNotFound(id);
    });
  }

  async createMethod(record: StoreRecord, zoneId: number, method: MethodInput): Promise<ShippingMethod> {
    let created: ShippingMethod | undefined;
    await this.configs.change(record, async (tx) => {
      await requireZone(tx, zoneId);
      created = { ...method, id: await tx.insert(ConfigKind.shippingMethod, { kind: ConfigKind.shippingZone, id: zoneId }, JSON.stringify(method)) };
    });
    return created!;
  }

  /** `change` gets the method as stored and the store's settings, and returns the method to write. */
  async updateMethod(record: StoreRecord, zoneId: number, id: number, change: (current: ShippingMethod, settings: StoreSettings) => MethodInput): Promise<ShippingMethod> {
    let updated: ShippingMethod | undefined;
    await this.configs.change(record, async (tx) => {
      const current = documentOf<ShippingMethod>(await requireMethod(tx, zoneId, id));
      const method = change(current, parseSettings(await tx.settings()));
      await tx.update(ConfigKind.shippingMethod, id, JSON.stringify(method));
      updated = { ...method, id };
    });
    return updated!;
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

async function requireZone(tx: ConfigWriter, zoneId: number): Promise<ConfigItem> {
  const zone = await tx.find(ConfigKind.shippingZone, zoneId);
  if (!zone) throw zoneNotFound(zoneId);
  return zone;
}

async function requireMethod(tx: ConfigWriter, zoneId: number, id: number): Promise<ConfigItem> {
  await requireZone(tx, zoneId);
  const method = await tx.find(ConfigKind.shippingMethod, id);
  if (!method || method.parentId !== zoneId) throw methodNotFound(id);
  return method;
}
