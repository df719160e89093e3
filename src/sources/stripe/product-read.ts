import type Stripe from 'stripe';
import type { Article, SourceRef } from '../../core/documents.ts';
import type { ArticleRead } from '../source.ts';
import { isMissing, stripeFailure } from './client.ts';
import type { StripeSettings } from './config.ts';
import { articleNumberOf } from './invoice-read.ts';

/**
 * A Stripe product (with its default price) → the Fortnox article its invoice rows name: the
 * product id as article number (Stripe products have no SKU; rows use the same number), the name,
 * and the default price in price list A when it is in SEK — an `inclusive` price has its VAT taken
 * out by the sink. Stripe knows no Swedish VAT rate per product, so the tenant's default applies.
 * Read on `product.*` and on `price.*` (a new default price changes the article's price).
 */

export async function readStripeProduct(
  stripe: Stripe,
  ref: SourceRef,
  settings: StripeSettings,
): Promise<ArticleRead> {
  if (settings.products === 'off') return { kind: 'off' };
  let product: Stripe.Product | Stripe.DeletedProduct;
  try {
    product = await stripe.products.retrieve(ref.id);
  } catch (error) {
    if (isMissing(error)) return { kind: 'gone' };
    throw stripeFailure(error, `GET products/${ref.id}`);
  }
  if ('deleted' in product && product.deleted) return { kind: 'gone' };
  const live = product as Stripe.Product;
  const priceId = typeof live.default_price === 'string' ? live.default_price : live.default_price?.id;
  let price: Stripe.Price | undefined;
  if (priceId !== undefined) {
    try {
      price = await stripe.prices.retrieve(priceId);
    } catch (error) {
      if (!isMissing(error)) throw stripeFailure(error, `GET prices/${priceId}`);
    }
  }
  const inSek = price?.currency.toLowerCase() === 'sek' && typeof price.unit_amount === 'number';
  const article: Article = {
    source: ref,
    title: `Product “${live.name}”`,
    number: articleNumberOf(live.id),
    description: live.name,
    active: live.active,
    ...(inSek ? { price: price!.unit_amount! / 100 } : {}),
    ...(inSek && price!.tax_behavior === 'inclusive' ? { priceIncludesVat: true } : {}),
    ...(settings.products === 'match' ? { matchOnly: true } : {}),
  };
  return { kind: 'article', article };
}
