import type {
  Destination,
  HandlingFee,
  ShippableItem,
  ShippingConfig,
  ShippingMethod,
  ShippingMethodSettings,
  ShippingZone,
  ZoneLocation,
} from '../../../src/domain/shipping/index.js';

export const NO_FEE: HandlingFee = { kind: 'none' };

export function method(id: number, settings: ShippingMethodSettings, overrides: Partial<ShippingMethod> = {}): ShippingMethod {
  return {
    id,
    name: `Method ${id}`,
    enabled: true,
    settings,
    handlingFees: NO_FEE,
    isFallback: false,
    transitTime: '',
    ...overrides,
  };
}

export function zone(id: number, overrides: Partial<ShippingZone> = {}): ShippingZone {
  return {
    id,
    name: `Zone ${id}`,
    type: 'global',
    enabled: true,
    locations: [],
    freeShipping: { enabled: false, minimumSubTotal: 0, excludeFixedShippingProducts: false },
    handlingFees: NO_FEE,
    methods: [],
    ...overrides,
  };
}

export function countryZone(id: number, countries: string[], overrides: Partial<ShippingZone> = {}): ShippingZone {
  const locations: ZoneLocation[] = countries.map((countryIso2, index) => ({ id: index + 1, countryIso2 }));
  return zone(id, { type: 'country', locations, ...overrides });
}

export function stateZone(id: number, states: [string, string][], overrides: Partial<ShippingZone> = {}): ShippingZone {
  const locations = states.map(([countryIso2, stateIso2], index) => ({ id: index + 1, countryIso2, stateIso2 }));
  return zone(id, { type: 'state', locations, ...overrides });
}

export function zipZone(id: number, zips: string[], country: string | null = 'US', overrides: Partial<ShippingZone> = {}): ShippingZone {
  const locations = zips.map((zip, index) => (country ? { id: index + 1, countryIso2: country, zip } : { id: index + 1, zip }));
  return zone(id, { type: 'zip', locations, ...overrides });
}

export function config(...zones: ShippingZone[]): ShippingConfig {
  return { zones };
}

let itemCounter = 0;
export function item(overrides: Partial<ShippableItem> = {}): ShippableItem {
  itemCounter += 1;
  return {
    itemId: `item-${itemCounter}`,
    quantity: 1,
    weight: 1,
    unitPrice: 1000,
    isFreeShipping: false,
    ...overrides,
  };
}

export const AUSTIN: Destination = { countryCode: 'US', stateCode: 'TX', postalCode: '78701' };
