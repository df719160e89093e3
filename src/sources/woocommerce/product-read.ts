import { z } from 'zod';
import type { Article, SourceRef } from '../../core/documents.ts';
import { money } from '../shop/order.ts';
import type { ArticleRead } from '../source.ts';
import type { WooTaxRate } from './order-json.ts';
import { SYSTEM } from './order-read.ts';
import type { WooSettings } from './settings.ts';

/**
 * A WooCommerce product (or one variation of a variable product) → the Fortnox article with its SKU
 * as article number, through the core's article sink. Its VAT is the shop's Swedish rate for the
 * product's tax class; its price the regular price (not a temporary sale price), which WooCommerce
 * holds including VAT when the shop enters prices with tax — the sink then takes the VAT out, so
 * price list A never carries a VAT-inclusive price (a mistake other connectors made).
 */

const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');

export const wooProductJson = z.object({
  id: z.number(),
  name: text,
  type: text,
  status: text,
  sku: text,
  regular_price: text,
  tax_status: text,
  tax_class: text,
  variations: z.array(z.number()).default([]),
});
export type WooProductJson = z.infer<typeof wooProductJson>;

export const productRef = (connection: string, id: string): SourceRef => ({
  system: SYSTEM,
  connection,
  object: 'product',
  id,
});

/** The shop's rate for a tax class in Sweden (where the Fortnox company's own VAT is), when it has one. */
function swedishRate(product: WooProductJson, rates: ReadonlyMap<number, WooTaxRate>): number | undefined {
  if (product.tax_status === 'none') return 0;
  const wanted = product.tax_class === '' ? 'standard' : product.tax_class;
  const rate = [...rates.values()].find((r) => r.country.toUpperCase() === 'SE' && (r.class || 'standard') === wanted);
  return rate === undefined ? undefined : Math.round(money(rate.rate) * 100) / 100;
}

export function articleOfProduct(
  ref: SourceRef,
  product: WooProductJson,
  rates: ReadonlyMap<number, WooTaxRate>,
  settings: WooSettings,
): ArticleRead {
  if (settings.products === 'off') return { kind: 'off' };
  const title = `Product “${product.name || product.id}”`;
  // A variable product sells only its variations, each with its own SKU: they are articles, it is not.
  if (product.type === 'variable') return { kind: 'off' };
  const sku = product.sku.trim();
  if (sku === '') {
    const message = `${title} has no SKU, so it cannot become a Fortnox article (the SKU is the article number). Give it a SKU in WooCommerce and save it.`;
    return { kind: 'blocked', title, code: 'article_number_missing', message };
  }
  const price = money(product.regular_price);
  const vatRate = swedishRate(product, rates);
  const article: Article = {
    source: ref,
    title,
    number: sku,
    description: product.name || sku,
    active: product.status === 'publish' || product.status === '',
    ...(vatRate === undefined ? {} : { vatRate }),
    ...(Number.isFinite(price) && product.regular_price !== ''
      ? { price, ...(settings.productPricesIncludeVat ? { priceIncludesVat: true } : {}) }
      : {}),
    ...(settings.products === 'match' ? { matchOnly: true } : {}),
  };
  return { kind: 'article', article };
}
