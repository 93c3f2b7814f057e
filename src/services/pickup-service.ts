import { invalid } from '../domain/errors.js';
import type { PickupLocation, PickupMethod } from '../domain/pickup.js';
import type { ConfigWriter, StoreRecord } from '../store/store.js';
import { type ConfigCache, ConfigKind } from './store-config.js';

export type PickupLocationInput = Omit<PickupLocation, 'id'>;
export type PickupMethodInput = Omit<PickupMethod, 'id' | 'dateCreated' | 'dateModified'>;
export interface PickupMethodChange extends Partial<PickupMethodInput> {
  readonly id: number;
}

/**
 * Changes to a store's pickup locations and methods. Each call is one configuration transaction,
 * all or nothing: a batch with one bad element changes nothing. Checks that depend on what is
 * stored (the location exists, the method exists) run inside the transaction, so they hold
 * against concurrent changes too. Errors name the batch element at fault (`3.location_id`).
 */
export class PickupService {
  constructor(
    private readonly configs: ConfigCache,
    private readonly now: () => number = Date.now,
  ) {}

  async createLocations(record: StoreRecord, locations: readonly PickupLocationInput[]): Promise<number[]> {
    const ids: number[] = [];
    await this.configs.change(record, async (tx) => {
      for (const location of locations) ids.push(await tx.insert(ConfigKind.pickupLocation, null, JSON.stringify(location)));
    });
    return ids;
  }

  /** Returns the methods as written, in request order. */
  async createMethods(record: StoreRecord, methods: readonly PickupMethodInput[]): Promise<PickupMethod[]> {
    const created: PickupMethod[] = [];
    const stamp = timestamp(this.now());
    await this.configs.change(record, async (tx) => {
      const locations = await locationIds(tx);
      methods.forEach((m, index) => requireLocation(locations, m.locationId, `${index}.location_id`));
      for (const method of methods) {
        const document: Omit<PickupMethod, 'id'> = { ...method, dateCreated: stamp, dateModified: stamp };
        created.push({ ...document, id: await tx.insert(ConfigKind.pickupMethod, null, JSON.stringify(document)) });
      }
    });
    return created;
  }

  /** Partial updates: fields not given keep their values. Returns the methods as written, in request order. */
  async updateMethods(record: StoreRecord, changes: readonly PickupMethodChange[]): Promise<PickupMethod[]> {
    const stamp = timestamp(this.now());
    const updated: PickupMethod[] = [];
    await this.configs.change(record, async (tx) => {
      const stored = new Map((await tx.list(ConfigKind.pickupMethod)).map((item) => [item.id, JSON.parse(item.document) as Omit<PickupMethod, 'id'>] as const));
      const locations = await locationIds(tx);
      const seen = new Set<number>();
      changes.forEach((change, index) => {
        if (seen.has(change.id)) throw invalid(`Pickup method ${change.id} is listed more than once.`, { [`${index}.id`]: 'duplicate' });
        seen.add(change.id);
        if (!stored.has(change.id)) throw invalid(`Pickup method ${change.id} does not exist.`, { [`${index}.id`]: 'no pickup method with this id' });
        if (change.locationId !== undefined) requireLocation(locations, change.locationId, `${index}.location_id`);
      });
      for (const { id, ...fields } of changes) {
        const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
        const document = { ...stored.get(id)!, ...defined, dateModified: stamp };
        await tx.update(ConfigKind.pickupMethod, id, JSON.stringify(document));
        updated.push({ ...document, id });
      }
    });
    return updated;
  }

  /** Deletes the methods that exist among `ids`; unknown ids are ignored, as a repeated DELETE must be. */
  async deleteMethods(record: StoreRecord, ids: readonly number[]): Promise<void> {
    await this.configs.change(record, async (tx) => {
      await tx.delete(ConfigKind.pickupMethod, ids);
    });
  }
}

/** Upstream's timestamps: ISO 8601 in UTC, to the second (`2023-06-06T00:00:20Z`). */
function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function locationIds(tx: ConfigWriter): Promise<Set<number>> {
  return new Set((await tx.list(ConfigKind.pickupLocation)).map((l) => l.id));
}

function requireLocation(locations: ReadonlySet<number>, id: number, field: string): void {
  if (!locations.has(id)) throw invalid(`Location ${id} does not exist.`, { [field]: 'no location with this id' });
}
