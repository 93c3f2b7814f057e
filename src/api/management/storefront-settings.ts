import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { type StoreSettings, normaliseOrigin } from '../../domain/store-settings.js';
import { claimStorefrontHosts } from '../../services/storefront-host-claims.js';
import { ownHost } from '../../services/storefront-directory.js';
import { envelope } from '../envelope.js';
import { StoreHashParams } from './schemas.js';

const tags = ['Storefront settings (Consign)'];
// Upstream's "Information & Settings" scope, which Consign's scope table files under shipping.
const read = { scope: 'shipping', access: 'read' } as const;
const write = { scope: 'shipping', access: 'write' } as const;

/** Host names that select a store on the storefront (also the fixture's `storefront_hosts`). */
export const StorefrontHosts = Type.Array(Type.String({ pattern: '^[A-Za-z0-9.-]{1,253}$' }), { maxItems: 50 });
/** Cross-origin pages allowed to call a store's storefront API, e.g. `https://shop.example.com` (the fixture's `storefront_origins`). */
export const StorefrontOrigins = Type.Array(Type.String({ pattern: '^https?://[^/\\s]+/?$' }), { maxItems: 50 });

/** Where shoppers write about their orders (the SDK's `storeProfile.orderEmail`); empty for none. */
export const StoreOrderEmail = Type.Union([Type.Literal(''), Type.String({ format: 'email', maxLength: 255 })]);
/** The store's phone number (the SDK's `storeProfile.storePhoneNumber`); empty for none. */
export const StorePhone = Type.String({ maxLength: 50, pattern: '^[0-9+(). -]*$' });

const Body = Type.Object({
  storefront_hosts: Type.Optional(StorefrontHosts),
  storefront_origins: Type.Optional(StorefrontOrigins),
  order_email: Type.Optional(StoreOrderEmail),
  phone: Type.Optional(StorePhone),
});

/**
 * Consign's own API (upstream has none for this) to read and change where an existing store's
 * storefront answers, and the contact details its checkout shows shoppers (`order_email`, `phone`):
 * `GET|PUT /stores/{hash}/v3/storefront/settings`. A fixture sets the same when it creates a
 * store. `default_host` is where the store answers with no setup.
 */
export async function storefrontSettingsRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { configs, storefronts } = app.consign;

  app.get('/settings', { config: read, schema: { tags, params: StoreHashParams } }, async (request) =>
    envelope(present(request, (await configs.get(request.storeRecord)).settings)),
  );

  app.put('/settings', { config: write, schema: { tags, params: StoreHashParams, body: Body } }, async (request) => {
    const { storefront_hosts: hosts, storefront_origins: origins, order_email: orderEmail, phone } = request.body;
    const settings = await configs.updateSettings(request.storeRecord, async (stored, tx) => {
      // Checked and claimed in the transaction that writes the settings (storefront-host-claims.ts).
      const claimed = hosts && (await claimStorefrontHosts(tx, request.storeRecord, hosts, request.headers.host));
      return {
        ...stored,
        ...(claimed ? { storefrontHosts: claimed } : {}),
        ...(origins ? { storefrontOrigins: [...new Set(origins.map(normaliseOrigin))] } : {}),
        ...(orderEmail === undefined ? {} : { orderEmail }),
        ...(phone === undefined ? {} : { phone: phone.trim() }),
      };
    });
    storefronts.invalidate();
    return envelope(present(request, settings));
  });
}

function present(request: FastifyRequest, settings: StoreSettings) {
  return {
    storefront_hosts: settings.storefrontHosts,
    storefront_origins: settings.storefrontOrigins,
    default_host: ownHost(request.storeRecord.hash),
    order_email: settings.orderEmail,
    phone: settings.phone,
  };
}
