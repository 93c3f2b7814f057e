import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import { type Address, EMPTY_ADDRESS, checkCountry, normaliseAddress } from '../../domain/address.js';
import type { Catalog } from '../../domain/catalog.js';
import { type LineItems, priceProductItem } from '../../domain/line-items.js';
import { parseAmount } from '../../domain/money.js';
import type { AddCartItemsRequest, addressFields } from './schemas.js';

/** Turns snake_case request bodies into domain values. */
type AddressFields = { [K in keyof typeof addressFields]?: Static<(typeof addressFields)[K]> };

/** `prefix` is where the address sits in the body (`0.address`), for naming a field at fault; '' at the top. */
export function toAddress(body: AddressFields, prefix = 'address'): Address {
  return normaliseAddress({
    ...EMPTY_ADDRESS,
    firstName: body.first_name ?? '',
    lastName: body.last_name ?? '',
    email: body.email ?? '',
    company: body.company ?? '',
    address1: body.address1 ?? '',
    address2: body.address2 ?? '',
    city: body.city ?? '',
    stateOrProvince: body.state_or_province ?? '',
    stateOrProvinceCode: body.state_or_province_code ?? '',
    countryCode: body.country_code ? checkCountry(body.country_code, prefix ? `${prefix}.country_code` : 'country_code') : '',
    postalCode: body.postal_code ?? '',
    phone: body.phone ?? '',
    customFields: (body.custom_fields ?? []).map((f) => ({ fieldId: f.field_id, fieldValue: f.field_value })),
  });
}

export function toLineItems(body: Static<typeof AddCartItemsRequest>, catalog: Catalog, decimalPlaces: number): LineItems {
  const money = (amount: number, field: string) => parseAmount(amount, decimalPlaces, field);
  return {
    products: (body.line_items ?? []).map((item, index) =>
      priceProductItem(
        catalog,
        {
          productId: item.product_id,
          variantId: item.variant_id,
          quantity: item.quantity,
          listPrice: item.list_price === undefined ? undefined : money(item.list_price, `line_items.${index}.list_price`),
          name: item.name,
        },
        randomUUID(),
        `line_items.${index}`,
      ),
    ),
    customItems: (body.custom_items ?? []).map((item, index) => ({
      id: randomUUID(),
      sku: item.sku,
      name: item.name,
      quantity: item.quantity,
      listPrice: money(item.list_price, `custom_items.${index}.list_price`),
      imageUrl: item.image_url ?? '',
    })),
    giftCertificates: (body.gift_certificates ?? []).map((g, index) => ({
      id: randomUUID(),
      name: g.name,
      theme: g.theme as LineItems['giftCertificates'][number]['theme'],
      amount: money(g.amount, `gift_certificates.${index}.amount`),
      quantity: g.quantity,
      sender: g.sender,
      recipient: g.recipient,
      message: g.message ?? '',
    })),
  };
}

