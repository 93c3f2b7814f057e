import { Type, type Static } from 'typebox';
import { invalid } from '../../domain/errors.js';
import type { PickupMethod, PickupOption } from '../../domain/pickup.js';
import type { PickupMethodChange, PickupMethodInput } from '../../services/pickup-service.js';
import { LIMITS } from '../request-parts.js';
import { Id } from './schemas.js';

/**
 * Upstream's Pickup Methods and Pickup Options APIs (`pickup_methods.v3.yml`,
 * `pickup_options.v3.yml`) in JSON, to and from the domain. Batch sizes are checked by the routes,
 * not here, so that an oversized batch gets upstream's 413 rather than a validation 422.
 */
const Text = Type.String({ maxLength: 250 });
const methodFields = {
  location_id: Type.Optional(Id),
  /** Deprecated upstream; an alias of `location_id`. */
  location_identity: Type.Optional(Id),
  display_name: Type.Optional(Text),
  collection_instructions: Type.Optional(Text),
  collection_time_description: Type.Optional(Text),
};
/** A generous ceiling for the schema; the documented batch limits are enforced with 413. */
const BATCH_CEILING = 1000;

const MethodFields = Type.Object(methodFields);
type MethodFields = Static<typeof MethodFields>;

export const CreatePickupMethodsRequest = Type.Array(MethodFields, { minItems: 1, maxItems: BATCH_CEILING });
export const UpdatePickupMethodsRequest = Type.Array(Type.Object({ id: Id, ...methodFields }), { minItems: 1, maxItems: BATCH_CEILING });

/** Upstream's dates: a date-time, or (leniently) a calendar date. */
const DateFilter = Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?)?$' }));
export const SORTS = ['date_modified:asc', 'date_modified:desc', 'name:asc', 'name:desc'] as const;

export const ListPickupMethodsQuery = Type.Object({
  'id:in': Type.Optional(Type.String({ pattern: '^\\d{1,10}(,\\d{1,10}){0,249}$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 250, default: 50 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  date_created: DateFilter,
  'date_created:min': DateFilter,
  'date_created:max': DateFilter,
  date_modified: DateFilter,
  'date_modified:min': DateFilter,
  'date_modified:max': DateFilter,
  sort: Type.Optional(Type.Union(SORTS.map((s) => Type.Literal(s)))),
});
export type ListPickupMethodsQuery = Static<typeof ListPickupMethodsQuery>;

export const DeletePickupMethodsQuery = Type.Object({ 'id:in': Type.String({ pattern: '^\\d{1,10}(,\\d{1,10}){0,249}$' }) });

export const PickupOptionsRequest = Type.Object({
  search_area: Type.Object({
    radius: Type.Object({
      value: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
      unit: Type.Union([Type.Literal('KM'), Type.Literal('MI')]),
    }),
    // Optional upstream (which presumably falls back on the shopper's location); Consign has no
    // geocoder, so the point to search around is required.
    coordinates: Type.Object({
      latitude: Type.Number({ minimum: -90, maximum: 90 }),
      longitude: Type.Number({ minimum: -180, maximum: 180 }),
    }),
  }),
  items: Type.Array(Type.Object({ variant_id: Id, quantity: Type.Integer({ minimum: 1, maximum: LIMITS.quantity }) }), { maxItems: LIMITS.itemsPerRequest }),
});

function locationOf(body: MethodFields, field: string): number | undefined {
  if (body.location_id !== undefined && body.location_identity !== undefined && body.location_id !== body.location_identity) {
    throw invalid('location_id and location_identity name different locations.', { [field]: 'conflicts with location_identity' });
  }
  return body.location_id ?? body.location_identity;
}

export function toPickupMethodInputs(body: Static<typeof CreatePickupMethodsRequest>): PickupMethodInput[] {
  return body.map((m, index) => {
    const locationId = locationOf(m, `${index}.location_id`);
    if (locationId === undefined) throw invalid(`Missing ${index}.location_id in request body`, { [`${index}.location_id`]: 'required' });
    return {
      locationId,
      displayName: m.display_name ?? '',
      collectionInstructions: m.collection_instructions ?? '',
      collectionTimeDescription: m.collection_time_description ?? '',
    };
  });
}

export function toPickupMethodChanges(body: Static<typeof UpdatePickupMethodsRequest>): PickupMethodChange[] {
  return body.map((m, index) => ({
    id: m.id,
    locationId: locationOf(m, `${index}.location_id`),
    displayName: m.display_name,
    collectionInstructions: m.collection_instructions,
    collectionTimeDescription: m.collection_time_description,
  }));
}

export function presentPickupMethod(method: PickupMethod) {
  return {
    id: method.id,
    location_id: method.locationId,
    display_name: method.displayName,
    collection_instructions: method.collectionInstructions,
    collection_time_description: method.collectionTimeDescription,
    location_identity: method.locationId,
    date_created: method.dateCreated,
    date_modified: method.dateModified,
  };
}

/**
 * Upstream's `{results: [{pickup_options: [...]}]}`, with no `data` envelope. Upstream does not
 * say what one result is; Consign makes it one location (nearest first) with its methods.
 */
export function presentPickupOptions(options: readonly PickupOption[]) {
  const results: { pickup_options: ReturnType<typeof presentPickupOption>[] }[] = [];
  let locationId: number | undefined;
  for (const option of options) {
    if (option.location.id !== locationId) results.push({ pickup_options: [] });
    locationId = option.location.id;
    results.at(-1)!.pickup_options.push(presentPickupOption(option));
  }
  return { results };
}

function presentPickupOption(option: PickupOption) {
  const { method } = option;
  return {
    pickup_method: {
      id: method.id,
      location_id: method.locationId,
      display_name: method.displayName,
      collection_instructions: method.collectionInstructions,
      collection_time_description: method.collectionTimeDescription,
    },
    available_items: option.availableItems.map((i) => ({ variant_id: i.variantId, quantity: i.quantity })),
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A date filter's bounds in epoch ms, inclusive: a calendar date covers its whole (UTC) day. */
function dateBounds(value: string, field: string): { start: number; end: number } {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(dateOnly ? `${value}T00:00:00Z` : value.replace(' ', 'T'));
  if (Number.isNaN(ms)) throw invalid(`'${value}' is not a valid date.`, { [field]: 'not a valid date' });
  return { start: ms, end: dateOnly ? ms + DAY_MS - 1 : ms };
}

/**
 * Upstream's list filters: `id:in`; `date_created` / `date_modified` ("on the provided date": the
 * same UTC day), with `:min` and `:max` inclusive bounds; and sorting by name or date modified
 * (ties, and the default order, by id).
 */
export function filterPickupMethods(methods: readonly PickupMethod[], query: ListPickupMethodsQuery): PickupMethod[] {
  const ids = query['id:in']?.split(',').map(Number);
  const tests: ((m: PickupMethod) => boolean)[] = [];
  if (ids) tests.push((m) => ids.includes(m.id));
  for (const field of ['date_created', 'date_modified'] as const) {
    const read = (m: PickupMethod) => Date.parse(field === 'date_created' ? m.dateCreated : m.dateModified);
    const on = query[field];
    const min = query[`${field}:min`];
    const max = query[`${field}:max`];
    if (on !== undefined) {
      const day = Math.floor(dateBounds(on, field).start / DAY_MS);
      tests.push((m) => Math.floor(read(m) / DAY_MS) === day);
    }
    if (min !== undefined) {
      const { start } = dateBounds(min, `${field}:min`);
      tests.push((m) => read(m) >= start);
    }
    if (max !== undefined) {
      const { end } = dateBounds(max, `${field}:max`);
      tests.push((m) => read(m) <= end);
    }
  }
  const kept = methods.filter((m) => tests.every((test) => test(m)));
  const [key, direction] = (query.sort ?? 'id:asc').split(':') as [string, 'asc' | 'desc'];
  const sign = direction === 'desc' ? -1 : 1;
  const compare = (a: PickupMethod, b: PickupMethod): number => {
    if (key === 'name') return a.displayName.localeCompare(b.displayName);
    if (key === 'date_modified') return Date.parse(a.dateModified) - Date.parse(b.dateModified);
    return 0;
  };
  return kept.sort((a, b) => sign * compare(a, b) || a.id - b.id);
}

