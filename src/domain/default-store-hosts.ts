import { normaliseHost } from './store-settings.js';

/** A dotted-quad IPv4 address, as a Host header names one. */
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Whether a storefront host is the service's own, which the **default store** (the first store
 * created) serves with no setup (docs/storefront.md): `localhost`, an IP address (`127.0.0.1`,
 * `[::1]`, the machine's address), and the name the service was addressed by in the request that
 * asks (`serviceHost`, its Host header: where the API is, the service's origin is). No other store
 * may claim one, and a claim made before this rule (an older database) selects nothing.
 *
 * @example isDefaultStoreHost('127.0.0.1') // true; isDefaultStoreHost('shop.example.com') // false
 */
export function isDefaultStoreHost(host: string, serviceHost?: string): boolean {
  const name = normaliseHost(host);
  if (name === 'localhost' || IPV4.test(name) || name.startsWith('[') || name.includes(':')) return true;
  return serviceHost !== undefined && name === hostName(serviceHost);
}

/** The name of a Host header: lower case, no port, no trailing dot. */
export function hostName(header: string): string {
  return normaliseHost(header.trim().replace(/:\d*$/, ''));
}
