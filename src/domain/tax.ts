import { type Minor, roundHalfAwayFromZero } from './money.js';

/**
 * Tax, modelled on upstream's tax zones and rates: a zone covers countries or states of a
 * country; each of its rates has a percentage per tax class; several rates of one zone add up
 * (a state rate and a county rate, say) and each shows as its own line in `taxes[]`.
 *
 * The rounding rule (docs/tax.md): tax is computed per taxable amount (one unit of a line, a
 * discounted line, a consignment's shipping, its handling, a fee) and per rate, and rounded once
 * there, half away from zero. Totals are sums of those rounded amounts, never rounded again.
 */
export interface TaxClass {
  readonly id: number;
  readonly name: string;
}

export interface TaxRate {
  readonly id: number;
  readonly name: string;
  readonly enabled: boolean;
  /** Percentages by tax class id; a class without an entry is taxed at 0. */
  readonly classRates: Readonly<Record<string, number>>;
}

export interface TaxZoneLocation {
  readonly countryCode: string;
  /** State or province codes; empty means the whole country. */
  readonly subdivisionCodes: readonly string[];
}

export interface TaxZone {
  readonly id: number;
  readonly name: string;
  readonly enabled: boolean;
  readonly locations: readonly TaxZoneLocation[];
  readonly rates: readonly TaxRate[];
}

export interface TaxSettings {
  /** Prices (catalog, shipping, fees) are entered including tax. */
  readonly pricesIncludeTax: boolean;
  /** The storefront shows amounts including tax. */
  readonly displayPricesIncludingTax: boolean;
  /** Class used for shipping and handling. */
  readonly shippingTaxClassId: number;
  /**
   * Class of a fee that names none. Upstream: "If the tax class is not provided or is null, the
   * tax class set in the control panel is applied" (its "tax class for fees" setting).
   */
  readonly feeTaxClassId: number;
}

export interface TaxConfig {
  readonly classes: readonly TaxClass[];
  readonly zones: readonly TaxZone[];
  readonly settings: TaxSettings;
}

/** Class 0 always exists, as upstream's "Default Tax Class" does. */
export const DEFAULT_TAX_CLASS: TaxClass = { id: 0, name: 'Default Tax Class' };

export const DEFAULT_TAX_SETTINGS: TaxSettings = { pricesIncludeTax: false, displayPricesIncludingTax: false, shippingTaxClassId: 0, feeTaxClassId: 0 };

export const NO_TAX: TaxConfig = { classes: [DEFAULT_TAX_CLASS], zones: [], settings: DEFAULT_TAX_SETTINGS };

export interface TaxLocation {
  readonly countryCode: string;
  readonly stateCode: string;
}

/** The zone taxing a location: one naming its state wins over one naming its whole country; then the lowest id. */
export function matchTaxZone(zones: readonly TaxZone[], location: TaxLocation): TaxZone | undefined {
  let best: { zone: TaxZone; specificity: number } | undefined;
  for (const zone of zones) {
    if (!zone.enabled) continue;
    for (const l of zone.locations) {
      if (l.countryCode !== location.countryCode) continue;
      const specificity = l.subdivisionCodes.length === 0 ? 1 : l.subdivisionCodes.includes(location.stateCode.toUpperCase()) ? 2 : 0;
      if (specificity > 0 && (!best || specificity > best.specificity || (specificity === best.specificity && zone.id < best.zone.id))) {
        best = { zone, specificity };
      }
    }
  }
  return best?.zone;
}

export interface TaxedAmount {
  readonly exTax: Minor;
  readonly incTax: Minor;
  /** Tax per rate name, each rounded once; `incTax` is always `exTax` plus these. */
  readonly taxes: readonly TaxLine[];
}

export interface TaxLine {
  readonly name: string;
  readonly amount: Minor;
}

/**
 * The side of a taxed amount that prices are entered in (the store's `pricesIncludeTax`): what
 * single-valued amounts, such as a coupon's discount or v2's `base_*` figures, show.
 *
 * @example enteredSide({ exTax: 1000, incTax: 1100, taxes: [] }, true) // 1100
 */
export function enteredSide(amount: TaxedAmount, pricesIncludeTax: boolean): Minor {
  return pricesIncludeTax ? amount.incTax : amount.exTax;
}

/** An amount nothing taxes (a gift certificate, or anything with no zone). */
export function untaxed(amount: Minor): TaxedAmount {
  return { exTax: amount, incTax: amount, taxes: [] };
}

/**
 * Sums taxed amounts, side by side and rate by rate; the result keeps `incTax = exTax + taxes`.
 * Rates that come to zero are left out of `taxes`.
 */
export function sumTaxed(amounts: readonly TaxedAmount[]): TaxedAmount {
  const sum = new TaxedSum();
  for (const amount of amounts) sum.add(amount);
  return sum.total();
}

/** `a - b`, side by side and rate by rate: what a discount took off, for example. */
export function subtractTaxed(a: TaxedAmount, b: TaxedAmount): TaxedAmount {
  return new TaxedSum().add(a).add(b, -1).total();
}

/** `count` units, each taxed as one unit is: the per-unit figures times the quantity, exactly. */
export function timesTaxed(unit: TaxedAmount, count: number): TaxedAmount {
  return { exTax: unit.exTax * count, incTax: unit.incTax * count, taxes: unit.taxes.map((t) => ({ name: t.name, amount: t.amount * count })) };
}

/**
 * A running sum of signed taxed amounts (`sumTaxed` one amount at a time): the totals of a large
 * checkout add up each figure of every line and consignment in one pass, without an array per
 * figure. Rates are listed in the order they first appear; those that come to zero are left out.
 */
export class TaxedSum {
  #exTax: Minor = 0;
  #incTax: Minor = 0;
  /**
   * Each rate's name and running amount, in the order first seen: an amount lists a few rates, so
   * finding one by a walk costs less than a map's lookup and update, which a checkout of 100
   * consignments and 100 lines made some 600 times per computation of its totals.
   */
  readonly #names: string[] = [];
  readonly #amounts: Minor[] = [];

  add(amount: TaxedAmount, sign: 1 | -1 = 1): this {
    this.#exTax += sign * amount.exTax;
    this.#incTax += sign * amount.incTax;
    for (const t of amount.taxes) {
      const at = this.#names.indexOf(t.name);
      if (at < 0) {
        this.#names.push(t.name);
        this.#amounts.push(sign * t.amount);
      } else {
        this.#amounts[at]! += sign * t.amount;
      }
    }
    return this;
  }

  total(): TaxedAmount {
    const taxes: TaxLine[] = [];
    for (let i = 0; i < this.#names.length; i++) if (this.#amounts[i] !== 0) taxes.push({ name: this.#names[i]!, amount: this.#amounts[i]! });
    return { exTax: this.#exTax, incTax: this.#incTax, taxes };
  }
}

/**
 * Splits an amount, entered with or without tax, into its ex-tax and inc-tax forms under a zone's
 * rates for one tax class.
 *
 * @example taxAmount(800, 0, zoneAt4Percent, false) gives { exTax: 800, incTax: 832, taxes: [{ name, amount: 32 }] }
 */
export function taxAmount(amount: Minor, classId: number | null, zone: TaxZone | undefined, pricesIncludeTax: boolean): TaxedAmount {
  const rates = classId === null || !zone ? NO_RATES : classRates(zone, classId);
  if (rates.names.length === 0 || amount === 0) return { exTax: amount, incTax: amount, taxes: [] };
  const { names, percents } = rates;
  if (!pricesIncludeTax) {
    const taxes = names.map((name, i) => ({ name, amount: roundHalfAwayFromZero((amount * percents[i]!) / 100) }));
    return { exTax: amount, incTax: amount + taxes.reduce((s, t) => s + t.amount, 0), taxes };
  }
  // Entered with tax: the ex-tax amount is found once, and the tax (the difference) is shared
  // between the rates in proportion, the last rate taking the rounding remainder.
  const totalPercent = rates.totalPercent;
  const exTax = roundHalfAwayFromZero((amount * 100) / (100 + totalPercent));
  const tax = amount - exTax;
  let given = 0;
  const taxes = names.map((name, i) => {
    const share = i === names.length - 1 ? tax - given : roundHalfAwayFromZero((tax * percents[i]!) / totalPercent);
    given += share;
    return { name, amount: share };
  });
  return { exTax, incTax: amount, taxes };
}

/** The rates of a zone that tax one class: each enabled rate with a percentage above 0 for it, in the zone's order. */
interface ClassRates {
  readonly names: readonly string[];
  readonly percents: readonly number[];
  /** The percentages added up in that order. */
  readonly totalPercent: number;
}

const NO_RATES: ClassRates = { names: [], percents: [], totalPercent: 0 };

/**
 * Found once per zone and class, not for every amount taxed: zones belong to the store's tax
 * configuration, which is replaced (never changed) when the store changes it.
 */
const classRatesByZone = new WeakMap<TaxZone, Map<number, ClassRates>>();

function classRates(zone: TaxZone, classId: number): ClassRates {
  let byClass = classRatesByZone.get(zone);
  if (!byClass) classRatesByZone.set(zone, (byClass = new Map()));
  let found = byClass.get(classId);
  if (!found) {
    const rates = zone.rates.filter((r) => r.enabled && (r.classRates[String(classId)] ?? 0) > 0);
    const percents = rates.map((r) => r.classRates[String(classId)] ?? 0);
    found = { names: rates.map((r) => r.name), percents, totalPercent: percents.reduce((s, p) => s + p, 0) };
    byClass.set(classId, found);
  }
  return found;
}
