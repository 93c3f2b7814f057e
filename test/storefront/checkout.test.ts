import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture, seed } from '../../src/api/seed.js';
import { DEMO_FIXTURE, type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { SF_AUSTIN, SF_DALLAS, SF_PORTLAND, Shopper } from './shopper.js';

interface Option { id: string; description: string; cost: number; isRecommended?: boolean }
interface Consignment { id: string; address: { city: string }; shippingAddress: unknown; lineItemIds: string[]; availableShippingOptions?: Option[]; selectedShippingOption?: Option | null; shippingCost: number; shippingCostBeforeDiscount: number; comparisonShippingCost: number; handlingCost: number }

describe.each(STORE_KINDS)('storefront checkout on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  /** A shopper whose cart has two consignments: the lamp to Austin, the mugs to Portland. */
  const withTwoConsignments = async (include = '') => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const response = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/consignments${include}`, [
      { address: SF_AUSTIN, lineItems: [{ itemId: cart.lamp, quantity: 1 }] },
      { shippingAddress: SF_PORTLAND, lineItems: [{ itemId: cart.mugs, quantity: 2 }] },
    ]);
    expect(response.statusCode, response.body).toBe(200);
    return { shopper, cart, checkout: response.json() };
  };

  it('shows item prices, option costs and totals including tax when the store displays prices with tax', async () => {
    expect((await t.api('PUT', '/v3/tax/settings', { show_prices_including_tax: true })).statusCode).toBe(200);
    try {
      const { checkout } = await withTwoConsignments();
      const [austin] = checkout.consignments as Consignment[];
      // Austin is taxed at 6.25% + 2%: the lamp's 49.00 shows as 53.04, the courier's 12.00 as 12.99.
      expect(checkout.cart.isTaxIncluded).toBe(true);
      expect(checkout.cart.lineItems.physicalItems[0]).toMatchObject({ listPrice: 53.04, salePrice: 53.04, extendedSalePrice: 53.04 });
      expect(austin!.availableShippingOptions!.find((o) => o.description === 'Same-day Courier')!.cost).toBe(12.99);
    } finally {
      await t.api('PUT', '/v3/tax/settings', { show_prices_including_tax: false });
    }
  });

  it('includes available options by default, only what is listed when include is given, and ignores unknown values', async () => {
    const { shopper, cart, checkout } = await withTwoConsignments();
    const [austin, portland] = checkout.consignments as Consignment[];
    expect(austin!.availableShippingOptions!.map((o) => o.description)).toContain('Same-day Courier');
    expect(portland!.availableShippingOptions!.map((o) => o.description)).not.toContain('Same-day Courier');
    expect(austin!.availableShippingOptions!.every((o) => typeof o.isRecommended === 'boolean')).toBe(true);

    const path = `/api/storefront/checkouts/${cart.id}`;
    const get = async (query: string) => (await shopper.request('GET', path + query)).json();
    expect((await get('')).consignments[0].availableShippingOptions).toHaveLength(austin!.availableShippingOptions!.length);
    expect((await get('?include=customer')).consignments[0].availableShippingOptions).toBeUndefined();
    expect((await get('?include=customer')).customer).toMatchObject({ isGuest: true });
    expect((await get('')).customer).toBeUndefined();
    expect((await get('?include=bogus,,consignments.availableShippingOptions')).consignments[0].availableShippingOptions).toBeDefined();
    expect((await get('?include=bogus')).consignments[0].availableShippingOptions).toBeUndefined();
    // A repeated parameter is one list, as on the server-to-server routes.
    const repeated = await get('?include=customer&include=consignments.availableShippingOptions');
    expect(repeated.customer).toMatchObject({ isGuest: true });
    expect(repeated.consignments[0].availableShippingOptions).toBeDefined();

    // PUT's defaults include the options too; DELETE honours the include the SDK sends.
    const select = await shopper.request('PUT', `${path}/consignments/${austin!.id}`, { shippingOptionId: austin!.availableShippingOptions![0]!.id });
    expect(select.json().consignments[0].availableShippingOptions).toBeDefined();
    const quiet = await shopper.request('PUT', `${path}/consignments/${austin!.id}?include=payments`, { shippingOptionId: austin!.availableShippingOptions![0]!.id });
    expect(quiet.json().consignments[0].availableShippingOptions).toBeUndefined();
    expect(quiet.json().payments).toEqual([]);
    // A DELETE's body is `{version}` or nothing: a bare number is refused, and changes nothing.
    const bare = await shopper.request('DELETE', `${path}/consignments/${portland!.id}`, 3);
    expect(bare.statusCode).toBe(422);
    expect(bare.json().title).toBe('The request body must be a JSON object such as {"version": 3}, or empty.');
    const removed = await shopper.request('DELETE', `${path}/consignments/${portland!.id}?include=consignments.availableShippingOptions`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().consignments).toHaveLength(1);
  });

  it('presents the storefront shape from the same checkout the server-to-server API presents', async () => {
    const { shopper, cart, checkout } = await withTwoConsignments();
    const [austin, portland] = checkout.consignments as Consignment[];
    const courier = austin!.availableShippingOptions!.find((o) => o.description === 'Same-day Courier')!;
    const flat = portland!.availableShippingOptions!.find((o) => o.description === 'Flat Rate')!;
    await shopper.request('PUT', `/api/storefront/checkouts/${cart.id}/consignments/${austin!.id}`, { shippingOptionId: courier.id });
    await shopper.request('PUT', `/api/storefront/checkouts/${cart.id}/consignments/${portland!.id}`, { shippingOptionId: flat.id });
    const coupon = await t.api('POST', `/v3/checkouts/${cart.id}/coupons`, { coupon_code: 'SHIP5' });
    expect(coupon.statusCode, coupon.body).toBe(200);

    const sf = (await shopper.request('GET', `/api/storefront/checkout/${cart.id}`)).json();
    const mgmt = (await t.api('GET', `/v3/checkouts/${cart.id}`)).json().data;
    expect(sf.id).toBe(mgmt.id);
    expect(sf.version).toBe(mgmt.version);
    expect(sf.grandTotal).toBe(mgmt.grand_total);
    expect(sf.subtotal).toBe(mgmt.subtotal_ex_tax);
    expect(sf.taxTotal).toBe(mgmt.tax_total);
    expect(sf.shippingCostTotal).toBe(mgmt.shipping_cost_total_ex_tax);
    expect(sf.shippingCostTotal).toBe(21.99);
    expect(sf.shippingCostBeforeDiscount).toBe(21.99);
    expect(sf.comparisonShippingCost).toBe(21.99);
    expect(sf.outstandingBalance).toBe(sf.grandTotal);
    expect(sf.cart.isTaxIncluded).toBe(false);
    // Coupon types: an integer on the checkout, the string key on its cart (as upstream's schemas say).
    expect(sf.coupons).toEqual([expect.objectContaining({ code: 'SHIP5', couponType: 3 })]);
    expect(sf.cart.coupons).toEqual([expect.objectContaining({ code: 'SHIP5', couponType: 'shipping_discount' })]);

    const [a, p] = sf.consignments as (Consignment & { couponDiscounts: unknown[]; selectedShippingOption: Option })[];
    const [ma] = mgmt.consignments;
    expect(a!.shippingAddress).toEqual(a!.address);
    expect(a!.address).toMatchObject({ city: 'Austin', countryCode: 'US', country: 'United States', id: ma.address.id });
    expect(a!.selectedShippingOption).toMatchObject({ id: courier.id, cost: 12 });
    expect(a!.selectedShippingOption).not.toHaveProperty('isRecommended');
    expect(a!.shippingCost).toBe(ma.shipping_cost_ex_tax);
    expect(a!.shippingCostBeforeDiscount).toBe(12);
    expect(a!.couponDiscounts).toEqual([{ code: 'SHIP5', amount: 5 }]);
    expect(p!.lineItemIds).toEqual([cart.mugs]);
    // No envelope, camelCase throughout.
    expect(sf).not.toHaveProperty('data');
    expect(JSON.stringify(sf)).not.toMatch(/"[a-z]+_[a-z_]+":/);
  });

  it('runs the consignment rules of the domain: one kind of change per PUT, invalidation, 409 on a stale version', async () => {
    const { shopper, cart, checkout } = await withTwoConsignments();
    const [, portland] = checkout.consignments as Consignment[];
    const path = `/api/storefront/checkouts/${cart.id}/consignments/${portland!.id}`;
    const flat = portland!.availableShippingOptions!.find((o) => o.description === 'Flat Rate')!;

    const both = await shopper.request('PUT', path, { address: SF_DALLAS, shippingOptionId: flat.id });
    expect(both.statusCode).toBe(422);
    expect(both.json().detail).toContain('(shippingOptionId: must be sent in a separate request)');
    const none = await shopper.request('PUT', path, {});
    expect(none.statusCode).toBe(422);
    expect(none.json().title).toBe('One of address, lineItems or shippingOptionId is required.');

    await shopper.request('PUT', path, { shippingOptionId: flat.id });
    const moved = await shopper.request('PUT', path, { address: SF_DALLAS, lineItems: [{ itemId: cart.mugs, quantity: 2 }] });
    expect(moved.statusCode, moved.body).toBe(200);
    const dallas = (moved.json().consignments as Consignment[])[1]!;
    expect(dallas.address.city).toBe('Dallas');
    // Dallas is in the Texas zone: the US flat rate is no longer offered, so the selection went.
    expect(dallas.selectedShippingOption).toBeNull();
    expect(dallas.availableShippingOptions!.map((o) => o.description)).toContain('Texas Flat Rate');

    const stale = await shopper.request('PUT', `/api/storefront/checkouts/${cart.id}`, { customerMessage: 'x', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toEqual({ status: 409, title: expect.stringContaining('possible conflict'), type: expect.any(String) });
  });

  it('manages cart items and the billing address', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const added = await shopper.request('POST', `/api/storefront/carts/${cart.id}/items`, { lineItems: [{ productId: 1, quantity: 2 }] });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().lineItems.physicalItems[0].quantity).toBe(3);
    const updated = await shopper.request('PUT', `/api/storefront/carts/${cart.id}/items/${cart.mugs}`, { lineItem: { productId: 4, quantity: 5 } });
    expect(updated.json().lineItems.physicalItems[1].quantity).toBe(5);
    const viaCheckout = await shopper.request('DELETE', `/api/storefront/checkouts/${cart.id}/carts/${cart.id}/items/${cart.mugs}`);
    expect(viaCheckout.json().cart.lineItems.physicalItems).toHaveLength(1);

    const billing = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/billing-address`, SF_AUSTIN);
    expect(billing.statusCode, billing.body).toBe(200);
    const address = billing.json().billingAddress;
    expect(address).toMatchObject({ city: 'Austin', countryCode: 'US', country: 'United States' });
    const changed = await shopper.request('PUT', `/api/storefront/checkouts/${cart.id}/billing-address/${address.id}`, { ...SF_PORTLAND, id: address.id, country: 'United States' });
    expect(changed.json().billingAddress).toMatchObject({ id: address.id, city: 'Portland' });
    const badCountry = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/billing-address`, { ...SF_AUSTIN, countryCode: 'XX' });
    expect(badCountry.statusCode).toBe(422);

    const gone = await shopper.request('DELETE', `/api/storefront/carts/${cart.id}/items/${cart.lamp}`);
    expect(gone.statusCode).toBe(200);
    expect((await shopper.request('GET', '/api/storefront/carts')).json()).toEqual([]);
  });

  it('applies and removes coupons, and searches pickup options', async () => {
    const { shopper, cart } = await withTwoConsignments();
    const applied = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/coupons`, { couponCode: 'SAVE10' });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().coupons).toEqual([expect.objectContaining({ code: 'SAVE10', couponType: 1, discountedAmount: 7.7 })]);
    const removed = await shopper.request('DELETE', `/api/storefront/checkouts/${cart.id}/coupons/SAVE10`);
    expect(removed.json().coupons).toEqual([]);

    const variant = (await shopper.request('GET', '/api/storefront/carts')).json()[0].lineItems.physicalItems[0].variantId;
    const search = await shopper.request('POST', '/api/storefront/pickup-options', {
      searchArea: { radius: { value: 50, unit: 'KM' }, coordinates: { latitude: 30.27, longitude: -97.74 } },
      items: [{ variantId: variant, quantity: 1 }],
    });
    expect(search.statusCode, search.body).toBe(200);
    const [first] = search.json().results;
    expect(first.pickupOptions[0].pickupMethod).toMatchObject({ id: expect.any(Number), locationId: expect.any(Number), displayName: expect.any(String) });
    expect(first.pickupOptions[0].availableItems).toEqual([{ variantId: variant, quantity: 1 }]);
  });

  it('gives the SDK its settings and form fields, derived from the store', async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const settings = (await shopper.request('GET', '/api/storefront/checkout-settings')).json();
    expect(settings.context).toMatchObject({ checkoutId: cart.id, geoCountryCode: 'US' });
    expect(settings.storeConfig.storeProfile).toMatchObject({ storeHash: t.hash, storeName: 'Consign Demo Store', storeCountryCode: 'US' });
    expect(settings.storeConfig.currency).toMatchObject({ code: 'USD', decimalPlaces: '2', symbol: '$' });
    expect(settings.storeConfig.checkoutSettings).toMatchObject({ hasMultiShippingEnabled: true, guestCheckoutEnabled: true });

    const fields = (await shopper.request('GET', '/api/storefront/form-fields')).json();
    type Field = { name: string; required: boolean; options?: { items: { value: string }[] } };
    const byName = (list: Field[]) => new Map(list.map((f) => [f.name, f]));
    const shipping = byName(fields.shippingAddress);
    expect(shipping.get('firstName')!.required).toBe(true);
    expect(shipping.get('address2')!.required).toBe(false);
    expect(shipping.get('stateOrProvince')!.required).toBe(true);
    // Shipping goes where the store's zones reach (everywhere, with the demo's global zone); billing anywhere.
    expect(shipping.get('countryCode')!.options!.items.length).toBe(fields.billingAddress.find((f: { name: string }) => f.name === 'countryCode').options.items.length);
    const fixture = await readFixture(DEMO_FIXTURE);
    const zones = (fixture.shipping_zones ?? []).filter((z) => z.type !== 'global');
    await seed(t.app.consign, { ...fixture, shipping_zones: zones, store: { ...fixture.store, storefront_hosts: ['north-america.localhost'] } });
    t.app.consign.storefronts.invalidate();
    const local = (await new Shopper(t.app, 'north-america.localhost').request('GET', '/api/storefront/form-fields')).json();
    const country = local.shippingAddress.find((f: { name: string }) => f.name === 'countryCode');
    expect(country.options.items.map((i: { value: string }) => i.value).sort()).toEqual(['CA', 'US']);
    expect(byName(fields.billingAddress).get('countryCode')).toMatchObject({ options: { items: expect.arrayContaining([{ value: 'FR', label: 'France' }]) } });
    expect(fields.customerAccount.map((f: { name: string }) => f.name)).toContain('email');
  });
});
