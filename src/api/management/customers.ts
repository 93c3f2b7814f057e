import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ADDRESSES_PER_REQUEST } from '../../domain/customer-addresses.js';
import { CUSTOMERS_PER_REQUEST } from '../../domain/customers.js';
import { ApiError } from '../errors.js';
import { envelope } from '../envelope.js';
import { parseInclude } from '../request-parts.js';
import {
  CreateAddressesRequest,
  CreateCustomersRequest,
  DeleteByIdsQuery,
  ListAddressesQuery,
  ListCustomersQuery,
  UpdateAddressesRequest,
  UpdateCustomersRequest,
  applyAddressPut,
  ids,
  presentCustomer,
  presentCustomerAddress,
  toCustomerAddress,
  toCustomerCreate,
  toCustomerUpdate,
} from './customers-codec.js';
import { pagination } from './pagination.js';
import { StoreHashParams } from './schemas.js';

const tags = ['Customers'];
const addressTags = ['Customer Addresses'];
const write = { scope: 'customers', access: 'write' } as const;
const read = { scope: 'customers', access: 'read' } as const;

/** Upstream's status for a batch over its limit. */
function tooMany(limit: number, what: string): ApiError {
  return new ApiError(413, `At most ${limit} ${what} can be sent in one request.`, 'v3', { body: `at most ${limit} items` });
}

const rawQuery = (request: FastifyRequest) => request.url.split('?')[1] ?? '';

/**
 * Upstream's Customers v3 API (`customers.v3.yml`) as far as a headless storefront's checkout
 * needs it: customers and their addresses, listed, created, updated and deleted in batches; scope
 * `store_v2_customers` (reading: `store_v2_customers_read_only`). Every batch is written all
 * together or not at all (docs/customers.md).
 */
export async function customerRoutes(plugin: FastifyInstance): Promise<void> {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const { customers } = app.consign;

  app.get('/', { config: read, schema: { tags, params: StoreHashParams, querystring: ListCustomersQuery } }, async (request) => {
    const { page = 1, limit = 50 } = request.query;
    const emails = request.query['email:in']?.split(',').filter((e) => e.trim() !== '');
    const filter = { ...(request.query['id:in'] ? { ids: ids(request.query['id:in'])! } : {}), ...(emails ? { emails } : {}) };
    const withAddresses = parseInclude(request.query.include).has('addresses');
    const found = await customers.list(request.storeRecord, filter, { page, limit }, true);
    const data = found.customers.map((c) => presentCustomer(c, withAddresses));
    return { data, meta: { pagination: pagination(rawQuery(request), found.total, data.length, limit, page) } };
  });

  // Upstream answers a created batch with 200 and the customers.
  app.post('/', { config: write, schema: { tags, params: StoreHashParams, body: CreateCustomersRequest } }, async (request) => {
    if (request.body.length > CUSTOMERS_PER_REQUEST) throw tooMany(CUSTOMERS_PER_REQUEST, 'customers');
    const creates = request.body.map((body, index) => toCustomerCreate(body, index, request.ip));
    const created = await customers.create(request.storeRecord, creates);
    return envelope(created.map((c) => presentCustomer(c, true)));
  });

  app.put('/', { config: write, schema: { tags, params: StoreHashParams, body: UpdateCustomersRequest } }, async (request) => {
    if (request.body.length > CUSTOMERS_PER_REQUEST) throw tooMany(CUSTOMERS_PER_REQUEST, 'customers');
    const updated = await customers.update(request.storeRecord, request.body.map(toCustomerUpdate));
    return envelope(updated.map((c) => presentCustomer(c, false)));
  });

  app.delete('/', { config: write, schema: { tags, params: StoreHashParams, querystring: DeleteByIdsQuery } }, async (request, reply) => {
    const chosen = ids(request.query['id:in']);
    if (chosen) await customers.remove(request.storeRecord, chosen);
    return reply.code(204).send();
  });

  app.get('/addresses', { config: read, schema: { tags: addressTags, params: StoreHashParams, querystring: ListAddressesQuery } }, async (request) => {
    const { page = 1, limit = 50 } = request.query;
    const filter = {
      ...(request.query['id:in'] ? { ids: ids(request.query['id:in'])! } : {}),
      ...(request.query['customer_id:in'] ? { customerIds: ids(request.query['customer_id:in'])! } : {}),
    };
    const found = await customers.listAddresses(request.storeRecord, filter, { page, limit });
    const data = found.addresses.map(presentCustomerAddress);
    return { data, meta: { pagination: pagination(rawQuery(request), found.total, data.length, limit, page) } };
  });

  // An address its customer already has is not added, and is absent from the answer (upstream).
  app.post('/addresses', { config: write, schema: { tags: addressTags, params: StoreHashParams, body: CreateAddressesRequest } }, async (request) => {
    if (request.body.length > ADDRESSES_PER_REQUEST) throw tooMany(ADDRESSES_PER_REQUEST, 'addresses');
    const addresses = request.body.map((body, index) => toCustomerAddress(body, body.customer_id, `${index}.`));
    return envelope((await customers.createAddresses(request.storeRecord, addresses)).map(presentCustomerAddress));
  });

  app.put('/addresses', { config: write, schema: { tags: addressTags, params: StoreHashParams, body: UpdateAddressesRequest } }, async (request) => {
    if (request.body.length > ADDRESSES_PER_REQUEST) throw tooMany(ADDRESSES_PER_REQUEST, 'addresses');
    const updates = request.body.map((body, index) => ({ id: body.id, change: (current: Parameters<typeof applyAddressPut>[1]) => applyAddressPut(body, current, `${index}.`) }));
    return envelope((await customers.updateAddresses(request.storeRecord, updates)).map(presentCustomerAddress));
  });

  app.delete('/addresses', { config: write, schema: { tags: addressTags, params: StoreHashParams, querystring: DeleteByIdsQuery } }, async (request, reply) => {
    const chosen = ids(request.query['id:in']);
    if (chosen) await customers.removeAddresses(request.storeRecord, chosen);
    return reply.code(204).send();
  });
}
