import { isDefaultStoreHost } from '../domain/default-store-hosts.js';
import { invalid } from '../domain/errors.js';
import { normaliseHost, parseSettings } from '../domain/store-settings.js';
import type { ConfigWriter, StoreRecord } from '../store/store.js';
import { ownHost } from './storefront-directory.js';

/**
 * Makes `hosts` the storefront hosts `record` owns, inside its configuration transaction `tx`,
 * or refuses the change with 422 naming each host that is not this store's to take
 * (docs/storefront.md): one another store serves, explicitly (its claim, held by the database's
 * primary key, so that of two stores claiming a host at once exactly one wins, in one process or
 * several) or with no setup (its `{store_hash}.localhost`, or the service's own names, which the
 * default store serves). A throw undoes the whole transaction, so a refusal changes nothing.
 * `serviceHost` is the Host the request that asks was sent to, when one did.
 *
 * Returns the hosts as stored: normalised, each once, in the order given.
 */
export async function claimStorefrontHosts(tx: ConfigWriter, record: StoreRecord, hosts: readonly string[], serviceHost?: string): Promise<string[]> {
  const wanted = hosts.map(normaliseHost);
  const others = await tx.otherStores();
  // The default store is the first created (storefront-directory.ts); the service's names are its own.
  const isDefault = others.every((other) => other.id > record.id);
  // A host this store owns already is its own, whatever name the request came in by.
  const owned = new Set(parseSettings(await tx.settings()).storefrontHosts.map(normaliseHost));
  const ownHosts = new Set(others.map((other) => ownHost(other.hash)));
  const errors: Record<string, string> = {};
  wanted.forEach((host, i) => {
    if (ownHosts.has(host)) errors[`storefront_hosts.${i}`] = 'claimed by another store';
    else if (!isDefault && !owned.has(host) && isDefaultStoreHost(host, serviceHost)) errors[`storefront_hosts.${i}`] = 'served by the default store';
  });
  const unique = [...new Set(wanted)];
  if (Object.keys(errors).length === 0) {
    const taken = new Set(await tx.claimStorefrontHosts(unique));
    wanted.forEach((host, i) => {
      if (taken.has(host)) errors[`storefront_hosts.${i}`] = 'claimed by another store';
    });
  }
  if (Object.keys(errors).length > 0) throw invalid('A storefront host is already another store\'s.', errors);
  return unique;
}
