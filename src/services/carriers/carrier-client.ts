import type { CarrierFailure, CarrierRate, RateRequestPayload } from '../../domain/shipping/carriers.js';

/**
 * The HTTP half of BigCommerce's Shipping Provider API, as BigCommerce calls a carrier app: a
 * POST of the rate request to the carrier's rate URL, and of `connection_options` to its
 * check-connection URL. Every call has a deadline; nothing a carrier sends (slowness, a 5xx, HTML,
 * a wrong currency) escapes as an exception.
 */

export type RatesAnswer =
  | { readonly kind: 'quoted'; readonly rates: readonly CarrierRate[]; readonly ttlSeconds: number | undefined }
  | { readonly kind: 'failed'; readonly reason: Exclude<CarrierFailure, 'breaker_open' | 'not_asked'>; readonly detail: string };

export interface CarrierMoneyContext {
  readonly currency: string;
  readonly decimalPlaces: number;
}

/** POSTs a rate request; answers within `deadlineMs` whatever the carrier does. */
export async function requestRates(url: string, body: RateRequestPayload, money: CarrierMoneyContext, deadlineMs: number): Promise<RatesAnswer> {
  let response: Response;
  let text: string;
  try {
    const signal = AbortSignal.timeout(deadlineMs);
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal,
      redirect: 'error',
    });
    text = await response.text();
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { kind: 'failed', reason: timedOut ? 'timeout' : 'error', detail: error instanceof Error ? error.message : String(error) };
  }
  if (!response.ok) return { kind: 'failed', reason: 'error', detail: `HTTP ${response.status}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'failed', reason: 'malformed', detail: 'the answer is not JSON' };
  }
  return readRates(parsed, money);
}

const TRANSIT_UNITS: Readonly<Record<string, [string, string]>> = {
  BUSINESS_DAYS: ['business day', 'business days'],
  DAYS: ['day', 'days'],
  HOURS: ['hour', 'hours'],
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Upstream's `RateResponsePayload`, checked and normalised: every quote of every carrier, its cost
 * (`discounted_cost` when given) in minor units. A quote in another currency, a negative cost or a
 * missing code makes the whole answer malformed: half an answer is not offered to a shopper.
 */
export function readRates(payload: unknown, money: CarrierMoneyContext): RatesAnswer {
  const malformed = (detail: string): RatesAnswer => ({ kind: 'failed', reason: 'malformed', detail });
  if (!isObject(payload) || !Array.isArray(payload.carrier_quotes)) return malformed('carrier_quotes is missing');
  const rates: CarrierRate[] = [];
  const seen = new Set<string>();
  for (const carrierQuote of payload.carrier_quotes) {
    if (!isObject(carrierQuote) || !Array.isArray(carrierQuote.quotes)) return malformed('a carrier quote has no quotes');
    for (const quote of carrierQuote.quotes) {
      if (!isObject(quote) || typeof quote.code !== 'string' || quote.code === '' || quote.code.length > 50) return malformed('a quote has no code');
      if (typeof quote.display_name !== 'string' || quote.display_name.length > 100) return malformed(`quote ${quote.code} has no display_name`);
      const cost = isObject(quote.discounted_cost) ? quote.discounted_cost : quote.cost;
      if (!isObject(cost) || typeof cost.amount !== 'number' || !Number.isFinite(cost.amount) || cost.amount < 0) return malformed(`quote ${quote.code} has no cost`);
      if (cost.currency !== money.currency) return malformed(`quote ${quote.code} is in ${String(cost.currency)}, not ${money.currency}`);
      if (seen.has(quote.code)) continue;
      seen.add(quote.code);
      rates.push({ code: quote.code, displayName: quote.display_name || quote.code, cost: Math.round(cost.amount * 10 ** money.decimalPlaces), transitTime: transitTime(quote.transit_time) });
    }
  }
  const ttl = typeof payload.ttl === 'number' && Number.isInteger(payload.ttl) && payload.ttl >= 0 ? payload.ttl : undefined;
  return { kind: 'quoted', rates, ttlSeconds: ttl };
}

function transitTime(value: unknown): string {
  if (!isObject(value) || typeof value.duration !== 'number' || typeof value.units !== 'string') return '';
  const words = TRANSIT_UNITS[value.units];
  if (!words || !Number.isInteger(value.duration) || value.duration < 1) return '';
  return `${value.duration} ${value.duration === 1 ? words[0] : words[1]}`;
}

export interface ConnectionCheck {
  readonly valid: boolean;
  readonly messages: readonly string[];
}

/** Upstream's `check_connection_options`: whether the carrier accepts these credentials. */
export async function checkConnection(url: string, connectionOptions: Readonly<Record<string, unknown>>, deadlineMs: number): Promise<ConnectionCheck> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ connection_options: connectionOptions }),
      signal: AbortSignal.timeout(deadlineMs),
      redirect: 'error',
    });
    const payload: unknown = await response.json().catch(() => undefined);
    if (!response.ok || !isObject(payload) || typeof payload.valid !== 'boolean') {
      return { valid: false, messages: [`The carrier did not answer the connection check (HTTP ${response.status}).`] };
    }
    const messages = Array.isArray(payload.messages)
      ? payload.messages.flatMap((m) => (isObject(m) && typeof m.text === 'string' ? [m.text] : []))
      : [];
    return { valid: payload.valid, messages };
  } catch (error) {
    return { valid: false, messages: [`The carrier could not be reached: ${error instanceof Error ? error.message : String(error)}`] };
  }
}
