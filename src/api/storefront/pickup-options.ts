import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { invalid } from '../../domain/errors.js';
import { type PickupOption, searchPickupOptions } from '../../domain/pickup.js';
import { LIMITS } from '../request-parts.js';

const tags = ['Pickup options (storefront)'];

const PickupOptionsRequest = Type.Object({
  searchArea: Type.Object({
    radius: Type.Object({ value: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }), unit: Type.Union([Type.Literal('KM'), Type.Literal('MI')]) }),
    // Consign has no geocoder, so the point to search around is required (as in the other dialect).
    coordinates: Type.Object({ latitude: Type.Number({ minimum: -90, maximum: 90 }), longitude: Type.Number({ minimum: -180, maximum: 180 }) }),
  }),
  items: Type.Array(Type.Object({ variantId: Type.Integer({ minimum: 1 }), quantity: Type.Integer({ minimum: 1, maximum: LIMITS.quantity }) }), { maxItems: LIMITS.itemsPerRequest }),
});

/** `POST /api/storefront/pickup-options` (pickup_options.sf.yml): the same search as `/v3/pickup/options`, in camelCase. */
export async function pickupOptionRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  app.post('/pickup-options', { schema: { tags, body: PickupOptionsRequest } }, async (request) => {
    const config = await app.consign.configs.get(request.storefront.store);
    const { searchArea, items } = request.body;
    items.forEach((item, index) => {
      if (!config.catalog.variant(item.variantId)) throw invalid(`Variant ${item.variantId} does not exist.`, { [`items.${index}.variantId`]: 'no variant with this id' });
    });
    const options = searchPickupOptions(config.pickup, { coordinates: searchArea.coordinates, radius: searchArea.radius, items });
    return presentPickupOptions(options);
  });
}

/** Upstream groups options by location: one result per location, nearest first. */
function presentPickupOptions(options: readonly PickupOption[]) {
  const results: { pickupOptions: ReturnType<typeof presentPickupOption>[] }[] = [];
  let locationId: number | undefined;
  for (const option of options) {
    if (option.location.id !== locationId) results.push({ pickupOptions: [] });
    locationId = option.location.id;
    results.at(-1)!.pickupOptions.push(presentPickupOption(option));
  }
  return { results };
}

function presentPickupOption({ method, availableItems }: PickupOption) {
  return {
    pickupMethod: {
      id: method.id,
      locationId: method.locationId,
      displayName: method.displayName,
      collectionInstructions: method.collectionInstructions,
      collectionTimeDescription: method.collectionTimeDescription,
    },
    availableItems: availableItems.map((i) => ({ variantId: i.variantId, quantity: i.quantity })),
  };
}
