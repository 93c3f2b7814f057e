import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { AUSTIN } from '../helpers/addresses.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { SF_AUSTIN, SF_DALLAS, Shopper } from '../storefront/shopper.js';

const TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';
/** Upstream's conflict body, exactly (checkouts.v3.yml). */
const CONFLICT = { status: 409, title: 'The request cannot be processed due to a possible conflict. Please review the changes and try again.', type: TYPE };
const ONE_KIND = 'You cannot update the address or line items and select a shipping option in the same request, because the shipping option may not be available for the new address or items.';

interface SfConsignment {
  id: string;
  address: { city: string; phone: string; shouldSaveAddress: boolean };
  lineItemIds: string[];
  availableShippingOptions: { id: string; description: string }[];
  selectedShippingOption: { id: string } | null;
}

/** Requests upstream's own documents send, and upstream accepts, that Consign once refused (issue 13). */
describe.each(STORE_KINDS)('requests upstream accepts, on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  const managementCart = async (quantity = 1) => {
    const cart = (await t.api('POST', '/v3/carts', { line_items: [{ product_id: 1, quantity }, { product_id: 4, quantity: 2 }] })).json().data;
    return { id: cart.id as string, lamp: cart.line_items.physical_items[0].id as string, mugs: cart.line_items.physical_items[1].id as string };
  };
  const storefront = async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    return { shopper, cart, base: `/api/storefront/checkouts/${cart.id}` };
  };

  it("the consignments guide's two-consignment POST, with its phone `+5185158x1{1-5}`, as written (upstream's pattern accepts it)", async () => {
    const cart = await managementCart(2);
    // seeds/000: the guide's body, with this cart's line item id in place of the guide's.
    const body = [
      {
        shipping_address: {
          email: 'jane2@example.com', country_code: 'US', first_name: 'BigCommerce', last_name: 'Cart/Checkout', address1: '123 Main Street', city: 'Austin',
          state_or_province: 'Texas', state_or_province_code: 'TX', postal_code: '78751', phone: '688546', custom_fields: [{ field_id: 'field_25', field_value: 'Great!' }],
        },
        line_items: [{ item_id: cart.lamp, quantity: 1 }],
      },
      {
        shipping_address: {
          email: 'testing@example.com', country_code: 'US', first_name: 'Testing', last_name: 'BigCommerce', company: 'BigCommerce', address1: '111 Main Street', address2: '#1324',
          city: 'Austin', state_or_province: 'Texas', state_or_province_code: 'TX', postal_code: '78751', phone: '+5185158x1{1-5}', custom_fields: [{ field_id: 'field_25', field_value: "You're Welcome" }],
        },
        line_items: [{ item_id: cart.lamp, quantity: 1 }],
      },
    ];
    const created = await t.api('POST', `/v3/checkouts/${cart.id}/consignments?include=consignments.available_shipping_options`, body);
    expect(created.statusCode, created.body).toBe(200);
    const consignments = created.json().data.consignments as { id: string; address: { phone: string } }[];
    expect(consignments.map((c) => c.address.phone).sort()).toEqual(['+5185158x1{1-5}', '688546']);
    const put = await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${consignments[0]!.id}`, { address: { ...AUSTIN, phone: '+5185158x1{1-5}' } });
    expect(put.statusCode, put.body).toBe(200);

    // The storefront, on create and update.
    const { shopper, cart: sf, base } = await storefront();
    const sfCreated = await shopper.request('POST', `${base}/consignments`, [{ address: { ...SF_AUSTIN, phone: '+5185158x1{1-5}' }, lineItems: [{ itemId: sf.lamp, quantity: 1 }] }]);
    expect(sfCreated.statusCode, sfCreated.body).toBe(200);
    const consignment = sfCreated.json().consignments[0] as SfConsignment;
    expect(consignment.address.phone).toBe('+5185158x1{1-5}');
    const sfPut = await shopper.request('PUT', `${base}/consignments/${consignment.id}`, { address: { ...SF_DALLAS, phone: '+5185158x1{1-5}' } });
    expect(sfPut.statusCode, sfPut.body).toBe(200);
  });

  it('storefront create with `shippingOptionId`: created and selected in one write; 422 and nothing changed when not offered', async () => {
    // An option id for Austin, learnt from another checkout (ids depend on the zone and method only).
    const first = await storefront();
    const quoted = (await first.shopper.request('POST', `${first.base}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: first.cart.lamp, quantity: 1 }] }])).json();
    const option = (quoted.consignments[0] as SfConsignment).availableShippingOptions.at(-1)!;

    const { shopper, cart, base } = await storefront();
    const created = await shopper.request('POST', `${base}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: cart.lamp, quantity: 1 }], shippingOptionId: option.id }]);
    expect(created.statusCode, created.body).toBe(200);
    const checkout = created.json();
    expect(checkout.version).toBe(cart.version + 1);
    expect((checkout.consignments[0] as SfConsignment).selectedShippingOption!.id).toBe(option.id);
    expect(checkout.shippingCostTotal).toBeGreaterThan(0);

    const before = (await shopper.request('GET', base)).body;
    const refused = await shopper.request('POST', `${base}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: cart.mugs, quantity: 2 }], shippingOptionId: 'f'.repeat(32) }]);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toEqual({
      status: 422,
      title: `The shipping option '${'f'.repeat(32)}' is not available for consignment 0 of this request.`,
      type: TYPE,
      detail: `The shipping option '${'f'.repeat(32)}' is not available for consignment 0 of this request. (0.shippingOptionId: not one of the available shipping options)`,
    });
    const withPickup = await shopper.request('POST', `${base}/consignments`, [{ pickupOption: { pickupMethodId: 1 }, lineItems: [{ itemId: cart.mugs, quantity: 2 }], shippingOptionId: option.id }]);
    expect(withPickup.statusCode).toBe(422);
    expect(withPickup.json().title).toBe('You cannot select a shipping option and a pickup option in the same request.');
    expect((await shopper.request('GET', base)).body).toBe(before);
  });

  it("PUT `{shippingOptionId, lineItems}` with the consignment's own lines selects; a real change of lines or an address beside it is still 422", async () => {
    const { shopper, cart, base } = await storefront();
    const created = (await shopper.request('POST', `${base}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: cart.lamp, quantity: 1 }, { itemId: cart.mugs, quantity: 2 }] }])).json();
    const consignment = created.consignments[0] as SfConsignment;
    const option = consignment.availableShippingOptions[0]!;
    const path = `${base}/consignments/${consignment.id}`;
    const same = [{ itemId: cart.mugs, quantity: 2 }, { itemId: cart.lamp, quantity: 1 }];

    const before = (await shopper.request('GET', base)).body;
    for (const [lineItems, extra] of [
      [[{ itemId: cart.mugs, quantity: 1 }, { itemId: cart.lamp, quantity: 1 }], {}],
      [[{ itemId: cart.lamp, quantity: 1 }], {}],
      [[...same, { itemId: cart.lamp, quantity: 1 }], {}],
      [same, { address: SF_AUSTIN }],
    ] as const) {
      const refused = await shopper.request('PUT', path, { shippingOptionId: option.id, lineItems, ...extra });
      expect(refused.statusCode, JSON.stringify(lineItems)).toBe(422);
      expect(refused.json().title).toBe(ONE_KIND);
    }
    expect((await shopper.request('GET', base)).body).toBe(before);

    const selected = await shopper.request('PUT', path, { shippingOptionId: option.id, lineItems: same });
    expect(selected.statusCode, selected.body).toBe(200);
    const after = selected.json().consignments[0] as SfConsignment;
    expect(after.selectedShippingOption!.id).toBe(option.id);
    expect(after.lineItemIds).toEqual(consignment.lineItemIds);

    // The same in the server-to-server dialect.
    const server = await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { shipping_option_id: option.id, line_items: [{ item_id: cart.lamp, quantity: 1 }, { item_id: cart.mugs, quantity: 2 }] });
    expect(server.statusCode, server.body).toBe(200);
    const moved = await t.api('PUT', `/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { shipping_option_id: option.id, line_items: [{ item_id: cart.lamp, quantity: 1 }] });
    expect(moved.json()).toEqual({ status: 422, title: ONE_KIND, type: TYPE, errors: { shipping_option_id: 'must be sent in a separate request' } });
  });

  it('storefront `shipping_address` (upstream\'s create prose) is an address, on create and update', async () => {
    const { shopper, cart, base } = await storefront();
    const created = await shopper.request('POST', `${base}/consignments`, [{ shipping_address: SF_AUSTIN, lineItems: [{ itemId: cart.lamp, quantity: 1 }] }]);
    expect(created.statusCode, created.body).toBe(200);
    const consignment = created.json().consignments[0] as SfConsignment;
    expect(consignment.address.city).toBe('Austin');
    const updated = await shopper.request('PUT', `${base}/consignments/${consignment.id}`, { shipping_address: SF_DALLAS });
    expect(updated.statusCode, updated.body).toBe(200);
    expect((updated.json().consignments[0] as SfConsignment).address.city).toBe('Dallas');
  });

  it('`shouldSaveAddress: true` comes back true, and stays; an address sent without it is false', async () => {
    const { shopper, cart, base } = await storefront();
    const created = await shopper.request('POST', `${base}/consignments`, [{ address: { ...SF_AUSTIN, shouldSaveAddress: true }, lineItems: [{ itemId: cart.lamp, quantity: 1 }] }]);
    const consignment = created.json().consignments[0] as SfConsignment & { shippingAddress: { shouldSaveAddress: boolean } };
    expect(consignment.address.shouldSaveAddress).toBe(true);
    expect(consignment.shippingAddress.shouldSaveAddress).toBe(true);
    expect((await shopper.request('GET', base)).json().consignments[0].address.shouldSaveAddress).toBe(true);
    const updated = await shopper.request('PUT', `${base}/consignments/${consignment.id}`, { address: SF_DALLAS });
    expect((updated.json().consignments[0] as SfConsignment).address.shouldSaveAddress).toBe(false);
    const again = await shopper.request('PUT', `${base}/consignments/${consignment.id}`, { address: { ...SF_DALLAS, shouldSaveAddress: true } });
    expect((again.json().consignments[0] as SfConsignment).address.shouldSaveAddress).toBe(true);
  });

  it('a negative `version` is a stale one: 409 with the conflict body on every route that takes `version`, both dialects, nothing changed', async () => {
    const cart = await managementCart();
    const consigned = (await t.api('POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: AUSTIN, line_items: [{ item_id: cart.lamp, quantity: 1 }] }])).json().data;
    const billing = (await t.api('POST', `/v3/checkouts/${cart.id}/billing-address`, { ...AUSTIN })).json().data.billing_address.id as string;
    const consignment = consigned.consignments[0].id as string;
    const v = { version: -1 };
    const management: [string, string, unknown][] = [
      ['POST', `/v3/carts/${cart.id}/items`, { line_items: [{ product_id: 1, quantity: 1 }], ...v }],
      ['PUT', `/v3/carts/${cart.id}`, { customer_id: 0, ...v }],
      ['PUT', `/v3/carts/${cart.id}/items/${cart.mugs}`, { line_item: { quantity: 1 }, ...v }],
      ['DELETE', `/v3/carts/${cart.id}/items/${cart.mugs}`, v],
      ['PUT', `/v3/checkouts/${cart.id}`, { customer_message: 'hi', ...v }],
      ['POST', `/v3/checkouts/${cart.id}/billing-address`, { ...AUSTIN, ...v }],
      ['PUT', `/v3/checkouts/${cart.id}/billing-address/${billing}`, { ...AUSTIN, ...v }],
      ['POST', `/v3/checkouts/${cart.id}/consignments`, [{ address: AUSTIN, line_items: [{ item_id: cart.mugs, quantity: 1 }], ...v }]],
      ['PUT', `/v3/checkouts/${cart.id}/consignments/${consignment}`, { address: AUSTIN, ...v }],
      ['DELETE', `/v3/checkouts/${cart.id}/consignments/${consignment}`, v],
      ['POST', `/v3/checkouts/${cart.id}/coupons`, { coupon_code: 'NONE', ...v }],
      ['DELETE', `/v3/checkouts/${cart.id}/coupons/NONE`, v],
    ];
    const before = (await t.api('GET', `/v3/checkouts/${cart.id}`)).body;
    for (const [method, path, body] of management) {
      const response = await t.api(method, path, body);
      expect(response.statusCode, `${method} ${path}: ${response.body}`).toBe(409);
      expect(response.json()).toEqual(CONFLICT);
    }
    expect((await t.api('GET', `/v3/checkouts/${cart.id}`)).body).toBe(before);

    const { shopper, cart: sf, base } = await storefront();
    const sfConsigned = (await shopper.request('POST', `${base}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: sf.lamp, quantity: 1 }] }])).json();
    const sfBilling = (await shopper.request('POST', `${base}/billing-address`, { ...SF_AUSTIN })).json().billingAddress.id as string;
    const sfConsignment = sfConsigned.consignments[0].id as string;
    const storefrontRoutes: [string, string, unknown][] = [
      ['POST', `/api/storefront/carts/${sf.id}/items`, { lineItems: [{ productId: 1, quantity: 1 }], ...v }],
      ['PUT', `/api/storefront/carts/${sf.id}/items/${sf.mugs}`, { lineItem: { quantity: 1 }, ...v }],
      ['DELETE', `/api/storefront/carts/${sf.id}/items/${sf.mugs}`, v],
      ['PUT', `/api/storefront/checkouts/${sf.id}/carts/${sf.id}/items/${sf.mugs}`, { lineItem: { quantity: 1 }, ...v }],
      ['DELETE', `/api/storefront/checkouts/${sf.id}/carts/${sf.id}/items/${sf.mugs}`, v],
      ['PUT', base, { customerMessage: 'hi', ...v }],
      ['POST', `${base}/billing-address`, { ...SF_AUSTIN, ...v }],
      ['PUT', `${base}/billing-address/${sfBilling}`, { ...SF_AUSTIN, ...v }],
      ['POST', `${base}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: sf.mugs, quantity: 1 }], ...v }]],
      ['PUT', `${base}/consignments/${sfConsignment}`, { address: SF_DALLAS, ...v }],
      ['DELETE', `${base}/consignments/${sfConsignment}`, v],
      ['POST', `${base}/coupons`, { couponCode: 'NONE', ...v }],
      ['DELETE', `${base}/coupons/NONE`, v],
    ];
    const sfBefore = (await shopper.request('GET', base)).body;
    for (const [method, path, body] of storefrontRoutes) {
      const response = await shopper.request(method, path, body);
      expect(response.statusCode, `${method} ${path}: ${response.body}`).toBe(409);
      expect(response.json()).toEqual(CONFLICT);
    }
    expect((await shopper.request('GET', base)).body).toBe(sfBefore);
  });
});
