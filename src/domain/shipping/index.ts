export * from './types.js';
export { compileZones, matchZone, normalisePostcode, shippingCountries, type CompiledZones } from './zones.js';
export {
  findRange,
  hasFixedShippingPrice,
  priceMethod,
  rateCalculators,
  summariseItems,
  type ConsignmentSummary,
  type Parcel,
  type RateCalculator,
} from './calculators.js';
export {
  FREE_SHIPPING_DESCRIPTION,
  OPTION_TYPE_BY_METHOD,
  ZONE_FREE_SHIPPING_METHOD_ID,
  handlingFor,
  quoteShipping,
  shippingOptionId,
  zoneFreeShippingCost,
  type HandlingAmounts,
} from './quote.js';
