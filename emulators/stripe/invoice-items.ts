import { z } from 'zod';
import type { Price } from './catalog.ts';
import { invalid, noSuch } from './errors.ts';
import type { Invoice, InvoiceLine } from './invoice-model.ts';
import { customerOf, invoiceOf } from './lookups.ts';
import { bool, expand, id, int, mergeMetadata, metadata, parseParams, str } from './params.ts';
import { type ApiObject, newId, type StripeStore } from './store.ts';

/**
 * Invoice items: one-off lines, priced by an amount or a price (`pricing[price]` since basil, or
 * `price`), added to a draft invoice or left pending until an invoice that includes pending items.
 */

export const InvoiceItemParams = z.strictObject({
  customer: id,
  invoice: id.optional(),
  amount: int.optional(),
  currency: str.optional(),
  price: id.optional(),
  pricing: z.strictObject({ price: id }).optional(),
  quantity: int.optional(),
  description: str.optional(),
  tax_rates: z.array(id).optional(),
  discountable: bool.optional(),
  metadata,
  period: z.strictObject({ start: int, end: int }).optional(),
  expand,
});

export const pendingItems = (store: StripeStore, customer: string): ApiObject[] =>
  store.all<ApiObject>('invoiceitem').filter((i) => i.customer === customer && i.invoice === null);

export function attachItem(inv: Invoice, item: ApiObject): void {
  item.invoice = inv.id;
  const pricing = item.pricing as { price_details?: { price: string; product: string } } | null;
  const line: InvoiceLine = {
    id: newId('il'),
    amount: Number(item.amount),
    currency: String(item.currency),
    description: (item.description as string | null) ?? null,
    discountable: item.discountable === true,
    metadata: { ...(item.metadata as Record<string, string>) },
    period: item.period as { start: number; end: number },
    quantity: Number(item.quantity),
    unitAmount: Number(item.unit_amount),
    price: pricing?.price_details?.price ?? null,
    product: pricing?.price_details?.product ?? null,
    taxRates: ((item.tax_rates as ApiObject[]) ?? []).map((t) => t.id),
    invoiceItem: item.id,
    subscription: null,
    subscriptionItem: null,
  };
  inv.lines.push(line);
}

export function createInvoiceItem(store: StripeStore, input: unknown): ApiObject {
  const p = parseParams(InvoiceItemParams, input);
  customerOf(store, p.customer);
  const priceId = p.pricing?.price ?? p.price;
  const price = priceId ? store.get<Price>(priceId, 'price') : undefined;
  if (priceId && !price) throw noSuch('price', priceId, 'pricing[price]');
  const quantity = p.quantity ?? 1;
  const unit = price ? price.unit_amount : p.amount;
  if (unit === undefined)
    throw invalid('Missing required param: amount.', { code: 'parameter_missing', param: 'amount' });
  const inv = p.invoice ? invoiceOf(store, p.invoice, 'invoice') : undefined;
  if (inv && inv.status !== 'draft') {
    throw invalid('You can only add invoice items to draft invoices.', {
      code: 'invoice_not_editable',
      param: 'invoice',
    });
  }
  const now = store.unix();
  const item: ApiObject = {
    id: newId('ii'),
    object: 'invoiceitem',
    amount: price ? unit * quantity : unit,
    created: now,
    currency: (price?.currency ?? p.currency ?? store.opts.accountCurrency).toLowerCase(),
    customer: p.customer,
    customer_account: null,
    date: now,
    description: p.description ?? null,
    discountable: p.discountable ?? true,
    discounts: [],
    invoice: null,
    livemode: false,
    metadata: mergeMetadata({}, p.metadata),
    parent: null,
    period: p.period ?? { start: now, end: now },
    pricing: price
      ? {
          price_details: { price: price.id, product: price.product },
          type: 'price_details',
          unit_amount_decimal: String(unit),
        }
      : null,
    proration: false,
    quantity,
    quantity_decimal: String(quantity),
    tax_rates: (p.tax_rates ?? []).map((t) => store.get(t, 'tax_rate') ?? { id: t }),
    test_clock: null,
    unit_amount: price ? unit : Math.round(unit / quantity),
  };
  store.put(item);
  if (inv) attachItem(inv, item);
  store.emit('invoiceitem.created', item);
  return item;
}
