import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { STORE_KINDS } from '../helpers/stores.js';
import { SF_AUSTIN, Shopper } from './shopper.js';

interface Line { sku: string; listPrice: number; salePrice: number; originalPrice: number; extendedListPrice: number; extendedSalePrice: number; discountAmount: number; couponAmount: number; discounts: { id: number; discountedAmount: number }[] }

/**
 * Every storefront amount on one side, the one the store displays: with "show prices including
 * tax" on, discounts and base amounts include tax too, so what the shopper sees adds up.
 */
describe.each(STORE_KINDS)('storefront amounts on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  /** Lamp (49) and two mugs (14) to Austin by courier (12), taxed 6.25% + 2%, with 10% off. */
  const discounted = async () => {
    const shopper = new Shopper(t.app);
    const cart = await shopper.createCart();
    const created = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/consignments`, [{ address: SF_AUSTIN, lineItems: [{ itemId: cart.lamp, quantity: 1 }, { itemId: cart.mugs, quantity: 2 }] }]);
    const consignment = created.json().consignments[0];
    const courier = consignment.availableShippingOptions.find((o: { description: string }) => o.description === 'Same-day Courier');
    expect((await shopper.request('PUT', `/api/storefront/checkouts/${cart.id}/consignments/${consignment.id}`, { shippingOptionId: courier.id })).statusCode).toBe(200);
    const applied = await shopper.request('POST', `/api/storefront/checkouts/${cart.id}/coupons`, { couponCode: 'SAVE10' });
    expect(applied.statusCode, applied.body).toBe(200);
    return async () => (await shopper.request('GET', `/api/storefront/checkout/${cart.id}`)).json();
  };
  const byDisplay = async (inc: boolean, read: () => Promise<Record<string, any>>) => {
    expect((await t.api('PUT', '/v3/tax/settings', { show_prices_including_tax: inc })).statusCode).toBe(200);
    try {
      return await read();
    } finally {
      await t.api('PUT', '/v3/tax/settings', { show_prices_including_tax: false });
    }
  };

  it('shows every amount with tax when the store displays prices with tax, discounts included', async () => {
    const read = await discounted();
    const sf = await byDisplay(true, read);
    const [lamp, mugs] = sf.cart.lineItems.physicalItems as Line[];
    expect(sf.cart.isTaxIncluded).toBe(true);
    // The lamp: 49 + 3.06 + 0.98; less 10%: 44.10 + 2.76 + 0.88 = 47.74, so the coupon took 5.30 with tax.
    expect(lamp).toMatchObject({ listPrice: 53.04, salePrice: 53.04, originalPrice: 53.04, extendedSalePrice: 53.04, discountAmount: 0, couponAmount: 5.3 });
    expect(lamp!.discounts).toEqual([{ id: sf.coupons[0].id, discountedAmount: 5.3 }]);
    // A mug: 14 + 0.88 + 0.28 = 15.16, and two are exactly twice that; less 10%: 25.20 + 1.58 + 0.50 = 27.28.
    expect(mugs).toMatchObject({ listPrice: 15.16, extendedListPrice: 30.32, extendedSalePrice: 30.32, couponAmount: 3.04 });
    expect([sf.cart.baseAmount, sf.subtotal, sf.cart.discountAmount, sf.cart.cartAmount]).toEqual([83.36, 83.36, 0, 75.02]);
    expect(sf.coupons).toEqual([expect.objectContaining({ code: 'SAVE10', discountedAmount: 8.34 })]);
    expect(sf.cart.coupons).toEqual([expect.objectContaining({ code: 'SAVE10', discountedAmount: 8.34 })]);
    expect([sf.consignments[0].shippingCost, sf.shippingCostTotal, sf.taxTotal, sf.grandTotal]).toEqual([12.99, 12.99, 6.71, 88.01]);
    // What the shopper sees adds up: 83.36 - 8.34 + 12.99 = 88.01.
    expect(Math.round((sf.subtotal - sf.coupons[0].discountedAmount + sf.shippingCostTotal) * 100)).toBe(Math.round(sf.grandTotal * 100));
  });

  it('shows every amount without tax otherwise, and the server-to-server API shows discounts on the side prices are entered', async () => {
    const read = await discounted();
    const sf = await byDisplay(false, read);
    const [lamp, mugs] = sf.cart.lineItems.physicalItems as Line[];
    expect(lamp).toMatchObject({ listPrice: 49, originalPrice: 49, couponAmount: 4.9, discountAmount: 0 });
    expect(mugs).toMatchObject({ listPrice: 14, extendedListPrice: 28, couponAmount: 2.8 });
    expect([sf.cart.baseAmount, sf.subtotal, sf.cart.cartAmount, sf.coupons[0].discountedAmount, sf.taxTotal, sf.grandTotal]).toEqual([77, 77, 69.3, 7.7, 6.71, 88.01]);
    const mgmt = (await t.api('GET', `/v3/checkouts/${sf.id}`)).json().data;
    expect([mgmt.cart.discount_amount, mgmt.coupons[0].discounted_amount, mgmt.cart.cart_amount_ex_tax, mgmt.cart.cart_amount_inc_tax, mgmt.subtotal_inc_tax]).toEqual([0, 7.7, 69.3, 75.02, 83.36]);
  });
});
