import { Type, type Static } from 'typebox';
import type { Product } from '../../domain/catalog.js';
import { fromMinor, parseAmount } from '../../domain/money.js';
import type { ProductInput } from '../../services/catalog-service.js';
import type { StoreSettings } from '../../domain/store-settings.js';
import type { StoreConfig } from '../../services/store-config.js';
import { LIMITS } from '../request-parts.js';
import { Id, MAX_ID } from './schemas.js';

/** Upstream's catalog product in JSON, to and from the domain's Product. The fixture format uses it too. */
const Money = Type.Number({ minimum: 0, maximum: LIMITS.price });
const Measure = Type.Number({ minimum: 0, maximum: 1_000_000 });

const VariantRequest = Type.Object({
  id: Type.Optional(Id),
  sku: Type.Optional(Type.String({ maxLength: 255 })),
  price: Type.Optional(Type.Union([Money, Type.Null()])),
  sale_price: Type.Optional(Type.Union([Money, Type.Null()])),
  weight: Type.Optional(Type.Union([Measure, Type.Null()])),
  option_values: Type.Optional(
    Type.Array(Type.Object({ option_display_name: Type.String({ maxLength: 255 }), label: Type.String({ maxLength: 255 }) }), { maxItems: 20 }),
  ),
});

const productFields = {
  name: Type.String({ minLength: 1, maxLength: 250 }),
  type: Type.Union([Type.Literal('physical'), Type.Literal('digital')]),
  sku: Type.Optional(Type.String({ maxLength: 255 })),
  price: Money,
  sale_price: Type.Optional(Money),
  weight: Measure,
  width: Type.Optional(Measure),
  height: Type.Optional(Measure),
  depth: Type.Optional(Measure),
  is_free_shipping: Type.Optional(Type.Boolean()),
  fixed_cost_shipping_price: Type.Optional(Money),
  tax_class_id: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_ID })),
  custom_url: Type.Optional(Type.Object({ url: Type.String({ maxLength: 2000 }) })),
  image_url: Type.Optional(Type.String({ maxLength: 2000 })),
  variants: Type.Optional(Type.Array(VariantRequest, { maxItems: 600 })),
};

export const CreateProductRequest = Type.Object(productFields);
export const UpdateProductRequest = Type.Partial(Type.Object(productFields));
export type ProductRequest = Static<typeof CreateProductRequest>;

export function toProductInput(body: ProductRequest, settings: Pick<StoreSettings, 'currency'>): ProductInput {
  const money = (amount: number, field: string) => parseAmount(amount, settings.currency.decimalPlaces, field);
  const optionalMoney = (amount: number | null | undefined, field: string) => (amount === null || amount === undefined ? null : money(amount, field));
  return {
    name: body.name,
    type: body.type,
    sku: body.sku ?? '',
    price: money(body.price, 'price'),
    salePrice: money(body.sale_price ?? 0, 'sale_price'),
    weight: body.weight,
    width: body.width ?? 0,
    height: body.height ?? 0,
    depth: body.depth ?? 0,
    isFreeShipping: body.is_free_shipping ?? false,
    fixedCostShippingPrice: money(body.fixed_cost_shipping_price ?? 0, 'fixed_cost_shipping_price'),
    taxClassId: body.tax_class_id ?? 0,
    url: body.custom_url?.url ?? '',
    imageUrl: body.image_url ?? '',
    variants: (body.variants ?? []).map((v, index) => ({
      ...(v.id === undefined ? {} : { id: v.id }),
      sku: v.sku ?? '',
      price: optionalMoney(v.price, `variants.${index}.price`),
      salePrice: optionalMoney(v.sale_price, `variants.${index}.sale_price`),
      weight: v.weight ?? null,
      optionValues: (v.option_values ?? []).map((o) => ({ optionDisplayName: o.option_display_name, label: o.label })),
    })),
  };
}

export function toProductRequest(product: Product, config: Pick<StoreConfig, 'settings'>): ProductRequest {
  const presented = presentProduct(product, config);
  return {
    ...presented,
    custom_url: { url: product.url },
    variants: presented.variants.map((v) => ({ id: v.id, sku: v.sku, price: v.price, sale_price: v.sale_price, weight: v.weight, option_values: v.option_values })),
  };
}

export function presentProduct(product: Product, config: Pick<StoreConfig, 'settings'>) {
  const places = config.settings.currency.decimalPlaces;
  const money = (amount: number) => fromMinor(amount, places);
  const optional = (amount: number | null) => (amount === null ? null : money(amount));
  return {
    id: product.id,
    name: product.name,
    type: product.type,
    sku: product.sku,
    price: money(product.price),
    sale_price: money(product.salePrice),
    weight: product.weight,
    width: product.width,
    height: product.height,
    depth: product.depth,
    is_free_shipping: product.isFreeShipping,
    fixed_cost_shipping_price: money(product.fixedCostShippingPrice),
    tax_class_id: product.taxClassId,
    custom_url: { url: product.url, is_customized: product.url !== '' },
    image_url: product.imageUrl,
    variants: product.variants.map((v) => ({
      id: v.id,
      product_id: product.id,
      sku: v.sku,
      price: optional(v.price),
      sale_price: optional(v.salePrice),
      calculated_price: money(v.salePrice ?? v.price ?? (product.salePrice || product.price)),
      weight: v.weight,
      calculated_weight: v.weight ?? product.weight,
      option_values: v.optionValues.map((o) => ({ option_display_name: o.optionDisplayName, label: o.label })),
    })),
  };
}

