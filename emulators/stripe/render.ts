import { type PaymentMethod, publicPaymentMethod, taxIdsOf } from './customers.ts';
import { invalid } from './errors.ts';
import { renderInvoice } from './invoice-json.ts';
import type { Invoice } from './invoice-model.ts';
import { embeddedLines, embeddedList } from './list.ts';
import { refundsOf } from './refunds.ts';
import type { ApiObject, Json, StripeStore } from './store.ts';

/**
 * Any object as the API answers it, and `expand[]`: an id field becomes the object it names (in the
 * same API version); a few fields are lists only present when expanded — a charge's `refunds`
 * (not embedded since 2022-11-15), a customer's `tax_ids`, an invoice's `payments`. A path that
 * cannot be expanded is refused as Stripe refuses it.
 */

export function renderObject(store: StripeStore, o: ApiObject, version: string): Json {
  if (o.object === 'invoice') return renderInvoice(store, o as Invoice, version);
  // A credit note keeps every line; it embeds the first ones, like an invoice.
  if (o.object === 'credit_note') {
    const note = structuredClone(o);
    const lines = note.lines as { data: Json[]; url: string };
    return { ...note, lines: embeddedLines(lines.data, lines.url) };
  }
  if (o.object === 'payment_method') return publicPaymentMethod(o as PaymentMethod);
  if (o.object === 'webhook_endpoint') {
    const { secret: _s, ...rest } = o;
    return rest;
  }
  return structuredClone(o);
}

/** Lists that exist only when expanded: name → (object) → list. */
function expandedList(store: StripeStore, o: Json, field: string, version: string): Json | undefined {
  const id = String(o.id);
  if (o.object === 'charge' && field === 'refunds') {
    return embeddedList(
      refundsOf(store, id).map((r) => renderObject(store, r, version)),
      `/v1/charges/${id}/refunds`,
    );
  }
  if (o.object === 'customer' && field === 'tax_ids') {
    return embeddedList(
      taxIdsOf(store, id).map((t) => renderObject(store, t, version)),
      `/v1/customers/${id}/tax_ids`,
    );
  }
  if (o.object === 'invoice' && field === 'payments') {
    const payments = store.all<ApiObject>('invoice_payment').filter((p) => p.invoice === id);
    return embeddedList(
      payments.map((p) => renderObject(store, p, version)),
      `/v1/invoices/${id}/payments`,
    );
  }
  return undefined;
}

function expandPath(store: StripeStore, target: unknown, segments: string[], full: string, version: string): void {
  if (typeof target !== 'object' || target === null) return;
  const o = target as Json;
  const [field, ...rest] = segments;
  if (field === undefined) return;
  if (field === 'data' && o.object === 'list' && Array.isArray(o.data)) {
    for (const item of o.data) expandPath(store, item, rest, full, version);
    return;
  }
  const list = rest.length === 0 ? expandedList(store, o, field, version) : undefined;
  if (list) {
    o[field] = list;
    return;
  }
  const value = o[field];
  if (typeof value === 'string') {
    const found = store.objects.get(value);
    if (!found) throw invalid(`This property cannot be expanded (${full}).`, { param: 'expand' });
    o[field] = renderObject(store, found, version);
  } else if (value === undefined || (value !== null && typeof value !== 'object')) {
    throw invalid(`This property cannot be expanded (${full}).`, { param: 'expand' });
  }
  if (rest.length > 0) expandPath(store, o[field], rest, full, version);
}

export function expand(store: StripeStore, json: Json, paths: string[] | undefined, version: string): Json {
  for (const path of paths ?? []) expandPath(store, json, path.split('.'), path, version);
  return json;
}
