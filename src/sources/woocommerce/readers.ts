import type { Credit, Line, Payment, SourceRef } from '../../core/documents.ts';
import { AppError } from '../../core/errors.ts';
import { defined } from '../../core/optional.ts';
import { buyerCustomer } from '../shop/customer.ts';
import { money, round2 } from '../shop/order.ts';
import { paymentMethodName } from '../shop/settings.ts';
import { shopDocument } from '../shop/to-document.ts';
import type { ArticleRead, CreditRead, CustomerRead, DocumentRead, PaymentRead, ReadContext } from '../source.ts';
import { type WooClient, WooNotFound } from './client.ts';
import { type WooOrderJson, wooAddress, wooOrderJson, wooRefundJson, wooTaxRate } from './order-json.ts';
import { buyerOf, productLine, shopOrderOf, type TaxRates, wooRef } from './order-read.ts';
import { articleOfProduct, wooProductJson } from './product-read.ts';
import { type WooSettings, wooSettingsSchema } from './settings.ts';

/**
 * Reading WooCommerce records as they are now: an order as the shop mapping's SalesDocument, a
 * customer (registered, a guest's billing, or the shared private customer), a refund as a Credit
 * against its order and an order's payment as a Payment. Tax rates are read once per connection
 * and again after ten minutes, so a rate the merchant adds is found without a restart.
 */

export interface WooAccess {
  client(ctx: ReadContext): WooClient;
}

const RATES_TTL_MS = 10 * 60_000;

function parsed<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  data: unknown,
  what: string,
): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new AppError(`WooCommerce answered ${what} in a shape we do not understand`, {
    code: 'woocommerce_unexpected_answer',
    category: 'internal',
    retryable: false,
    userMessage: `WooCommerce answered ${what} in a shape this service does not understand; nothing was sent. Check that the shop runs WooCommerce REST API v3.`,
  });
}

export function wooReaders(access: WooAccess) {
  const rateCache = new Map<string, { at: number; rates: TaxRates }>();

  async function taxRates(ctx: ReadContext): Promise<TaxRates> {
    const cached = rateCache.get(ctx.connection.key);
    if (cached !== undefined && Date.now() - cached.at < RATES_TTL_MS) return cached.rates;
    const rates = new Map<number, ReturnType<typeof wooTaxRate.parse>>();
    for (let page = 1; page < 50; page++) {
      const { data, headers } = await access.client(ctx).get('taxes', { per_page: 100, page });
      for (const r of parsed(wooTaxRate.array(), data, 'the tax rates')) rates.set(r.id, r);
      if (page >= Number(headers['x-wp-totalpages'] ?? '1')) break;
    }
    rateCache.set(ctx.connection.key, { at: Date.now(), rates });
    return rates;
  }

  async function order(ctx: ReadContext, id: string): Promise<WooOrderJson | undefined> {
    try {
      const { data } = await access.client(ctx).get(`orders/${id}`);
      return parsed(wooOrderJson, data, `order ${id}`);
    } catch (error) {
      if (error instanceof WooNotFound) return undefined;
      throw error;
    }
  }

  const settingsOf = (ctx: ReadContext): WooSettings => wooSettingsSchema.parse(ctx.connection.settings ?? {});

  async function readDocument(ctx: ReadContext, ref: SourceRef): Promise<DocumentRead> {
    const found = await order(ctx, ref.id);
    if (found === undefined || found.status === 'trash') return { kind: 'gone' };
    const shop = shopOrderOf(ref.connection, found, await taxRates(ctx), settingsOf(ctx));
    const mapped = shopDocument(shop, settingsOf(ctx));
    if (mapped.kind === 'document') return mapped;
    return { ...mapped, active: shop.active, title: shop.title, customer: mapped.customer.source };
  }

  async function readCustomer(ctx: ReadContext, ref: SourceRef): Promise<CustomerRead> {
    const settings = settingsOf(ctx);
    // A guest known by e-mail is re-read with the order that needs it (document.sync); on its own it is nothing to read.
    if (ref.id.startsWith('e')) return { kind: 'gone' };
    if (ref.id.startsWith('g') || ref.id === 'b2c') {
      // A guest has no customer record: the order's billing is the customer.
      const found = ref.id === 'b2c' ? undefined : await order(ctx, ref.id.slice(1));
      if (ref.id !== 'b2c' && found === undefined) return { kind: 'gone' };
      const shop = found === undefined ? undefined : shopOrderOf(ref.connection, found, new Map(), settings);
      if (shop === undefined) {
        return {
          kind: 'customer',
          customer: {
            source: ref,
            name: settings.sharedCustomerName,
            kind: 'private',
            billingAddress: { countryCode: 'SE' },
            ...(settings.sharedCustomerNumber === null ? {} : { knownCustomerNumber: settings.sharedCustomerNumber }),
          },
        };
      }
      return { kind: 'customer', customer: buyerCustomer(shop, settings) };
    }
    try {
      const { data } = await access.client(ctx).get(`customers/${ref.id}`);
      const c = parsed(wooCustomerJson, data, `customer ${ref.id}`);
      const buyer = buyerOf(c.billing, c.meta_data, settings, ref);
      return {
        kind: 'customer',
        customer: buyerCustomer({ guestCustomer: ref, buyer }, { ...settings, customers: 'per_buyer' }),
      };
    } catch (error) {
      if (error instanceof WooNotFound) return { kind: 'gone' };
      throw error;
    }
  }

  async function readCredit(ctx: ReadContext, ref: SourceRef): Promise<CreditRead> {
    const [orderId, refundId] = ref.id.split('-');
    const parent = await order(ctx, orderId ?? '');
    if (parent === undefined) return { kind: 'gone' };
    let data: unknown;
    try {
      data = (await access.client(ctx).get(`orders/${orderId}/refunds/${refundId}`)).data;
    } catch (error) {
      if (error instanceof WooNotFound) return { kind: 'gone' };
      throw error;
    }
    const refund = parsed(wooRefundJson, data, `refund ${refundId}`);
    const title = `Refund ${refund.id} of order #${parent.number}`;
    const amount = money(refund.amount);
    const paid = money(parent.total);
    // A 0.00 refund only restocks items (or records a reason): no money went back, nothing to credit.
    if (amount === 0) return { kind: 'gone' };
    if (!(amount > 0)) {
      const message = `${title} has the amount "${refund.amount}", which is not an amount a credit note can be made of. Correct the refund in WooCommerce.`;
      return { kind: 'blocked', title, code: 'refund_amount_invalid', message };
    }
    if (amount > paid + 0.005) {
      const message = `${title} is ${refund.amount} ${parent.currency}, more than the order's total ${parent.total}; a credit note larger than the invoice cannot be made. Correct the refund in WooCommerce.`;
      return { kind: 'blocked', title, code: 'refund_too_large', message };
    }
    const rates = await taxRates(ctx);
    const lines: Line[] = refund.line_items
      .map((item) => productLine(item, rates))
      .filter((l) => l.quantity !== 0 || l.netAfter !== 0)
      .map((l) => {
        const quantity = Math.abs(l.quantity) || 1;
        const gross = Math.abs(parent.prices_include_tax ? l.netAfter + l.taxAfter : l.netAfter);
        return {
          description: l.name,
          quantity,
          unitPrice: round2(gross / quantity),
          vatRate: l.vatRate ?? 0,
          ...defined({ productCode: l.sku }),
        };
      });
    const lineSum = lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0);
    // A refund of an amount (or one whose lines do not add up to it) credits the amount.
    const byLines = lines.length > 0 && parent.prices_include_tax && Math.abs(lineSum - amount) < 0.05;
    const credit: Credit = {
      source: ref,
      original: wooRef(ref.connection, 'order', String(parent.id)),
      title,
      currency: parent.currency.toUpperCase(),
      date: refund.date_created.slice(0, 10),
      ...(byLines ? { lines, pricesIncludeVat: true } : { amount }),
      ...(refund.reason === '' ? {} : { reason: refund.reason }),
    };
    return { kind: 'credit', credit };
  }

  async function readPayment(ctx: ReadContext, ref: SourceRef): Promise<PaymentRead> {
    const found = await order(ctx, ref.id);
    if (found === undefined) return { kind: 'gone' };
    const title = `Payment of order #${found.number}`;
    if (found.date_paid === null || found.date_paid === undefined) {
      const message = `Order #${found.number} is not paid yet (status ${found.status}); its payment is registered once WooCommerce marks it paid.`;
      return { kind: 'blocked', title, code: 'not_paid', message };
    }
    const payment: Payment = {
      source: ref,
      document: wooRef(ref.connection, 'order', String(found.id)),
      method: paymentMethodName(settingsOf(ctx), found.payment_method || 'unknown'),
      amount: money(found.total),
      currency: found.currency.toUpperCase(),
      date: found.date_paid.slice(0, 10),
      ...(found.transaction_id === '' ? {} : { reference: found.transaction_id }),
    };
    return { kind: 'payment', payment };
  }

  async function readArticle(ctx: ReadContext, ref: SourceRef): Promise<ArticleRead> {
    const settings = settingsOf(ctx);
    if (settings.products === 'off') return { kind: 'off' };
    let data: unknown;
    try {
      data = (await access.client(ctx).get(`products/${ref.id}`)).data;
    } catch (error) {
      if (error instanceof WooNotFound) return { kind: 'gone' };
      throw error;
    }
    const product = parsed(wooProductJson, data, `product ${ref.id}`);
    if (product.status === 'trash') return { kind: 'gone' };
    return articleOfProduct(ref, product, await taxRates(ctx), settings);
  }

  return { readDocument, readCustomer, readCredit, readPayment, readArticle };
}

const wooCustomerJson = wooOrderJson.pick({ meta_data: true }).extend({ billing: wooAddress });
