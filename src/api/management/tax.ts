import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { checkCountry } from '../../domain/address.js';
import { DomainError, NotFoundError, invalid } from '../../domain/errors.js';
import type { Product } from '../../domain/catalog.js';
import { parseSettings } from '../../domain/store-settings.js';
import { DEFAULT_TAX_CLASS, type TaxClass, type TaxSettings, type TaxZone } from '../../domain/tax.js';
import { ConfigKind, type StoreConfig } from '../../services/store-config.js';
import type { ConfigWriter } from '../../store/store.js';
import { envelope } from '../envelope.js';
import { Id, MAX_ID, StoreHashParams } from './schemas.js';

/**
 * Tax configuration. Upstream splits it over several APIs (v2 tax classes, v3 tax zones, rates
 * and settings); Consign keeps one small API of its own under /v3/tax, with upstream's field
 * names, rates nested in their zone (docs/tax.md).
 */
const tags = ['Tax'];
const write = { scope: 'shipping', access: 'write' } as const;
const read = { scope: 'shipping', access: 'read' } as const;

const ClassId = Type.Integer({ minimum: 0, maximum: MAX_ID });
export const TaxClassRequest = Type.Object({ name: Type.String({ minLength: 1, maxLength: 255 }) });
export const TaxZoneRequest = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 255 }),
  enabled: Type.Optional(Type.Boolean()),
  locations: Type.Array(
    Type.Object({
      country_code: Type.String({ pattern: '^[A-Za-z]{2}$' }),
      subdivision_codes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 10 }), { maxItems: 100 })),
    }),
    { minItems: 1, maxItems: 300 },
  ),
  rates: Type.Array(
    Type.Object({
      name: Type.String({ minLength: 1, maxLength: 255 }),
      enabled: Type.Optional(Type.Boolean()),
      class_rates: Type.Array(Type.Object({ tax_class_id: ClassId, rate: Type.Number({ minimum: 0, maximum: 100 }) }), { maxItems: 100 }),
    }),
    { maxItems: 20 },
  ),
});
export const TaxSettingsRequest = Type.Object({
  tax_entered_with_prices: Type.Optional(Type.Boolean()),
  show_prices_including_tax: Type.Optional(Type.Boolean()),
  shipping_tax_class_id: Type.Optional(ClassId),
  /** The class of a fee that names none (upstream's control-panel "tax class for fees"). */
  fee_tax_class_id: Type.Optional(ClassId),
});
const IdParams = Type.Object({ store_hash: Type.String(), id: Id });

export function toTaxZone(body: Static<typeof TaxZoneRequest>, classes: readonly TaxClass[]): Omit<TaxZone, 'id'> {
  return {
    name: body.name,
    enabled: body.enabled ?? true,
    locations: body.locations.map((l, i) => ({
      countryCode: checkCountry(l.country_code, `locations.${i}.country_code`),
      subdivisionCodes: (l.subdivision_codes ?? []).map((c) => c.toUpperCase()),
    })),
    rates: body.rates.map((r, i) => ({
      id: i + 1,
      name: r.name,
      enabled: r.enabled ?? true,
      classRates: Object.fromEntries(
        r.class_rates.map((c, j) => {
          const field = `rates.${i}.class_rates.${j}.tax_class_id`;
          if (!classes.some((k) => k.id === c.tax_class_id)) throw invalid(`Tax class ${c.tax_class_id} does not exist.`, { [field]: 'unknown tax class' });
          // One percentage per class and rate: a second one would silently replace the first.
          if (r.class_rates.findIndex((other) => other.tax_class_id === c.tax_class_id) !== j) {
            throw invalid(`Rate '${r.name}' lists tax class ${c.tax_class_id} more than once.`, { [field]: 'listed more than once' });
          }
          return [String(c.tax_class_id), c.rate];
        }),
      ),
    })),
  };
}

/** The settings a request asks for; what it leaves out stays as it was. */
export function toTaxSettings(body: Static<typeof TaxSettingsRequest>, current: TaxSettings): TaxSettings {
  return {
    pricesIncludeTax: body.tax_entered_with_prices ?? current.pricesIncludeTax,
    displayPricesIncludingTax: body.show_prices_including_tax ?? current.displayPricesIncludingTax,
    shippingTaxClassId: body.shipping_tax_class_id ?? current.shippingTaxClassId,
    feeTaxClassId: body.fee_tax_class_id ?? current.feeTaxClassId,
  };
}

function presentZone(zone: TaxZone) {
  return {
    id: zone.id,
    name: zone.name,
    enabled: zone.enabled,
    locations: zone.locations.map((l) => ({ country_code: l.countryCode, subdivision_codes: l.subdivisionCodes })),
    rates: zone.rates.map((r) => ({
      id: r.id,
      name: r.name,
      enabled: r.enabled,
      class_rates: Object.entries(r.classRates).map(([id, rate]) => ({ tax_class_id: Number(id), rate })),
    })),
  };
}

function presentSettings(settings: TaxSettings) {
  return {
    tax_entered_with_prices: settings.pricesIncludeTax,
    show_prices_including_tax: settings.displayPricesIncludingTax,
    shipping_tax_class_id: settings.shippingTaxClassId,
    fee_tax_class_id: settings.feeTaxClassId,
  };
}

/**
 * What still names a tax class. Deleting it would silently untax them (a setting) or leave a
 * dangling reference (a rate, a product), so the deletion is refused instead (docs/tax.md). Read
 * inside the configuration transaction that deletes, as every write that names a class checks it
 * inside its own: of two racing changes, one sees the other.
 */
async function taxClassUsers(tx: ConfigWriter, id: number): Promise<string[]> {
  const settings = parseSettings(await tx.settings()).tax;
  const users: string[] = [];
  if (settings.shippingTaxClassId === id) users.push('the shipping_tax_class_id setting');
  if (settings.feeTaxClassId === id) users.push('the fee_tax_class_id setting');
  for (const zone of await tx.list(ConfigKind.taxZone)) {
    if ((JSON.parse(zone.document) as Omit<TaxZone, 'id'>).rates.some((r) => String(id) in r.classRates)) users.push(`tax zone ${zone.id}`);
  }
  const products = (await tx.list(ConfigKind.product)).filter((p) => (JSON.parse(p.document) as Pick<Product, 'taxClassId'>).taxClassId === id).map((p) => p.id);
  if (products.length > 0) users.push(`product(s) ${products.slice(0, 10).join(', ')}${products.length > 10 ? ', …' : ''}`);
  return users;
}

/** The store's tax classes, as the configuration transaction sees them. */
async function taxClasses(tx: ConfigWriter): Promise<TaxClass[]> {
  return [DEFAULT_TAX_CLASS, ...(await tx.list(ConfigKind.taxClass)).map((item) => ({ ...(JSON.parse(item.document) as Omit<TaxClass, 'id'>), id: item.id }))];
}

export async function taxRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { configs } = app.consign;
  const zoneNotFound = (id: number) => new NotFoundError('resource', `Tax zone ${id} was not found.`);
  const zoneOf = (config: StoreConfig, id: number) => {
    const zone = config.tax.zones.find((z) => z.id === id);
    if (!zone) throw zoneNotFound(id);
    return zone;
  };

  app.get('/settings', { config: read, schema: { tags, params: StoreHashParams } }, async (request) =>
    envelope(presentSettings((await configs.get(request.storeRecord)).tax.settings)),
  );

  app.put('/settings', { config: write, schema: { tags, params: StoreHashParams, body: TaxSettingsRequest } }, async (request) => {
    const body = request.body;
    const settings = await configs.updateSettings(request.storeRecord, async (stored, tx) => {
      const classes = await taxClasses(tx);
      for (const field of ['shipping_tax_class_id', 'fee_tax_class_id'] as const) {
        const classId = body[field];
        if (classId !== undefined && !classes.some((c) => c.id === classId)) {
          throw invalid(`Tax class ${classId} does not exist.`, { [field]: 'unknown tax class' });
        }
      }
      return { ...stored, tax: toTaxSettings(body, stored.tax) };
    });
    return envelope(presentSettings(settings.tax));
  });

  app.get('/classes', { config: read, schema: { tags, params: StoreHashParams } }, async (request) =>
    envelope((await configs.get(request.storeRecord)).tax.classes.map((c) => ({ id: c.id, name: c.name }))),
  );

  app.post('/classes', { config: write, schema: { tags, params: StoreHashParams, body: TaxClassRequest } }, async (request) => {
    const id = await configs.insert(request.storeRecord, ConfigKind.taxClass, { name: request.body.name });
    return envelope({ id, name: request.body.name });
  });

  app.put('/classes/:id', { config: write, schema: { tags, params: IdParams, body: TaxClassRequest } }, async (request) => {
    if (!(await configs.update(request.storeRecord, ConfigKind.taxClass, request.params.id, { name: request.body.name }))) {
      throw new NotFoundError('resource', `Tax class ${request.params.id} was not found.`);
    }
    return envelope({ id: request.params.id, name: request.body.name });
  });

  app.delete('/classes/:id', { config: write, schema: { tags, params: IdParams } }, async (request, reply) => {
    const { id } = request.params;
    // A throw rolls the transaction back, so a refusal leaves config_version alone.
    await configs.change(request.storeRecord, async (tx) => {
      const users = await taxClassUsers(tx, id);
      if (users.length > 0) throw new DomainError(409, `Tax class ${id} is in use by ${users.join(', ')}; change those first.`, { id: 'in use' });
      if ((await tx.delete(ConfigKind.taxClass, [id])) === 0) throw new NotFoundError('resource', `Tax class ${id} was not found.`);
    });
    return reply.code(204).send();
  });

  app.get('/zones', { config: read, schema: { tags, params: StoreHashParams } }, async (request) =>
    envelope((await configs.get(request.storeRecord)).tax.zones.map(presentZone)),
  );

  app.get('/zones/:id', { config: read, schema: { tags, params: IdParams } }, async (request) =>
    envelope(presentZone(zoneOf(await configs.get(request.storeRecord), request.params.id))),
  );

  app.post('/zones', { config: write, schema: { tags, params: StoreHashParams, body: TaxZoneRequest } }, async (request) => {
    let zone: TaxZone | undefined;
    await configs.change(request.storeRecord, async (tx) => {
      const fields = toTaxZone(request.body, await taxClasses(tx));
      zone = { ...fields, id: await tx.insert(ConfigKind.taxZone, null, JSON.stringify(fields)) };
    });
    return envelope(presentZone(zone!));
  });

  app.put('/zones/:id', { config: write, schema: { tags, params: IdParams, body: TaxZoneRequest } }, async (request) => {
    const { id } = request.params;
    let zone: TaxZone | undefined;
    await configs.change(request.storeRecord, async (tx) => {
      if (!(await tx.list(ConfigKind.taxZone)).some((z) => z.id === id)) throw zoneNotFound(id);
      const fields = toTaxZone(request.body, await taxClasses(tx));
      await tx.update(ConfigKind.taxZone, id, JSON.stringify(fields));
      zone = { ...fields, id };
    });
    return envelope(presentZone(zone!));
  });

  app.delete('/zones/:id', { config: write, schema: { tags, params: IdParams } }, async (request, reply) => {
    if ((await configs.remove(request.storeRecord, ConfigKind.taxZone, [request.params.id])) === 0) {
      throw zoneNotFound(request.params.id);
    }
    return reply.code(204).send();
  });
}
