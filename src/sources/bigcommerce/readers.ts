import type { Credit, Line, Payment, SourceRef } from '../../core/documents.ts';
import { defined } from '../../core/optional.ts';
import type { CreditRead, DocumentRead, PaymentRead } from '../source.ts';
import type { BigCommerceClient } from './client.ts';
import { SYSTEM } from './customer-map.ts';
import { OBJECTS, parsePaymentId } from './ids.ts';
import { mapOrder, orderTitle } from './order-map.ts';
import {
  type BcOrder,
  type BcOrderProduct,
  type BcRefund,
  cents,
  isoDate,
  orderProductSchema,
  orderSchema,
  refundSchema,
  shippingAddressSchema,
  transactionSchema,
} from './order-schema.ts';
import { type BigCommerceSettings, STATUS } from './settings.ts';

/**
 * Reads records as they are now. An order costs three requests (the order, its products, its
 * shipping addresses): without `include`, V2 sub-resources are only links [reference A2]. A 404 or
 * an archived order is `gone`. Refunds (V3, amounts as numbers) become credits against the order;
 * captures become payments.
 */

type Signal = AbortSignal | undefined;

async function getOrder(client: BigCommerceClient, id: string, signal: Signal): Promise<BcOrder | undefined> {
  const raw = await client.request('GET', `/v2/orders/${id}`, { allow404: true, ...(signal ? { signal } : {}) });
  if (raw === undefined) return undefined;
  const order = orderSchema.parse(raw);
  return order.is_deleted === true ? undefined : order;
}

async function list<T>(client: BigCommerceClient, path: string, parse: (v: unknown) => T, signal: Signal) {
  const raw = await client.request('GET', path, signal ? { signal } : {});
  return raw === undefined ? [] : (raw as unknown[]).map(parse);
}

/** 250 is the most a V2 page holds [reference A2]. */
const V2_PAGE = 250;

/** An order's products, every page (a full page may have more behind it). */
async function orderProducts(client: BigCommerceClient, orderId: number | string, signal: Signal) {
  const all: BcOrderProduct[] = [];
  for (let page = 1; ; page++) {
    const rows = await list(
      client,
      `/v2/orders/${orderId}/products?limit=${V2_PAGE}&page=${page}`,
      (v) => orderProductSchema.parse(v),
      signal,
    );
    all.push(...rows);
    if (rows.length < V2_PAGE) return all;
  }
}

export async function readOrder(
  client: BigCommerceClient,
  ref: SourceRef,
  settings: BigCommerceSettings,
  signal?: AbortSignal,
  /**
   * Told which version of the order was read, and whether it needs nothing sent to Fortnox (the poll
   * then skips it until it changes; one that needs a document, once its ledger record is settled).
   */
  noteRead?: (orderId: number, modified: Date, nothingToSend: boolean) => Promise<void>,
): Promise<DocumentRead> {
  const order = await getOrder(client, ref.id, signal);
  if (order === undefined) return { kind: 'gone' };
  const modified = new Date(order.date_modified);
  if (order.status_id === STATUS.incomplete) {
    // A checkout in progress (or abandoned) fires store/order/created too; it never becomes a document,
    // so its lines are not worth two requests of the store's quota.
    await noteRead?.(order.id, modified, true);
    return {
      kind: 'blocked',
      active: false,
      title: orderTitle(order.id),
      code: 'order_incomplete',
      message: `${orderTitle(order.id)} is incomplete (the checkout was not finished); nothing is invoiced.`,
    };
  }
  const [products, addresses] = await Promise.all([
    orderProducts(client, ref.id, signal),
    list(client, `/v2/orders/${ref.id}/shipping_addresses`, (v) => shippingAddressSchema.parse(v), signal),
  ]);
  const read = mapOrder({ order, products, addresses }, ref.connection, client.storeHash, settings);
  await noteRead?.(
    order.id,
    modified,
    read.kind === 'gone' || !(read.kind === 'document' ? read.document : read).active,
  );
  return read;
}

function orderRef(connection: string, orderId: number): SourceRef {
  return { system: SYSTEM, connection, object: OBJECTS.order, id: String(orderId) };
}

/**
 * A refund of products only, as credit lines at what the shopper paid per unit. Undefined when the
 * lines cannot be trusted to give back what BigCommerce refunded: a line no longer on the order (a
 * stale item id), or lines whose total differs from the refund's amount by more than a cent (the
 * merchant refunded a custom amount). The caller then credits the amount itself.
 */
async function refundLines(
  client: BigCommerceClient,
  refund: BcRefund,
  incl: boolean,
  signal: Signal,
): Promise<Line[] | undefined> {
  const products = await orderProducts(client, refund.order_id, signal);
  const lines: Line[] = [];
  let gross = 0;
  for (const item of refund.items) {
    const p = products.find((x) => x.id === item.item_id);
    if (p === undefined) return undefined;
    const quantity = item.quantity ?? 0;
    // What the shopper paid per unit, discounts taken off: the credit gives back exactly that.
    const paidInc = (p.discounted_total_inc_tax ?? p.total_inc_tax) / Math.max(p.quantity, 1);
    const rate = p.total_ex_tax > 0 ? Math.round((p.total_tax / p.total_ex_tax) * 200) / 2 : 0;
    const unitPrice = cents(incl ? paidInc : paidInc / (1 + rate / 100));
    gross += unitPrice * quantity * (incl ? 1 : 1 + rate / 100);
    lines.push({
      sourceLineId: String(item.item_id),
      kind: 'product',
      ...(p.sku === undefined ? {} : { productCode: p.sku }),
      description: p.name_customer ?? p.name ?? `Order line ${item.item_id}`,
      quantity,
      unitPrice,
      vatRate: rate,
    });
  }
  return Math.abs(gross - refund.total_amount) > 0.01 + 1e-9 ? undefined : lines;
}

export async function readRefund(client: BigCommerceClient, ref: SourceRef, signal?: AbortSignal): Promise<CreditRead> {
  const raw = await client.request('GET', `/v3/orders/payment_actions/refunds/${ref.id}`, {
    allow404: true,
    ...(signal ? { signal } : {}),
  });
  const data = (raw as { data?: unknown } | undefined)?.data;
  if (data === undefined) return { kind: 'gone' };
  const refund = refundSchema.parse(data);
  const title = `Refund ${refund.id} of ${orderTitle(refund.order_id)}`;
  const order = await getOrder(client, String(refund.order_id), signal);
  if (order === undefined) return { kind: 'gone' };
  if (refund.total_amount > cents(order.total_inc_tax) + 0.005) {
    return {
      kind: 'blocked',
      title,
      code: 'refund_exceeds_order',
      message: `${title} is ${refund.total_amount} ${order.currency_code ?? ''}, more than the order's total ${cents(order.total_inc_tax)}. Check the refund in BigCommerce; it is not credited until it is corrected.`,
    };
  }
  const incl = order.is_tax_inclusive_pricing === true;
  const currency = (order.default_currency_code ?? order.currency_code ?? 'SEK').toUpperCase();
  const onlyProducts = refund.items.every((i) => i.item_type === 'PRODUCT' && (i.quantity ?? 0) > 0);
  const lines = onlyProducts ? await refundLines(client, refund, incl, signal) : undefined;
  const credit: Credit = {
    source: ref,
    original: orderRef(ref.connection, refund.order_id),
    title,
    currency,
    date: isoDate(refund.created),
    ...(lines === undefined ? { amount: cents(refund.total_amount) } : { lines }),
    pricesIncludeVat: lines === undefined ? true : incl,
    ...defined({ reason: refund.reason }),
  };
  return { kind: 'credit', credit };
}

export async function readPayment(
  client: BigCommerceClient,
  ref: SourceRef,
  settings: BigCommerceSettings,
  signal?: AbortSignal,
): Promise<PaymentRead> {
  const id = parsePaymentId(ref.id);
  if (id === undefined) return { kind: 'gone' };
  const raw = await client.request('GET', `/v3/orders/${id.orderId}/transactions`, {
    allow404: true,
    ...(signal ? { signal } : {}),
  });
  const rows = ((raw as { data?: unknown[] } | undefined)?.data ?? []).map((t) => transactionSchema.parse(t));
  const tx = rows.find((t) => String(t.id) === id.transactionId);
  if (tx === undefined) return { kind: 'gone' };
  const title = `Payment ${tx.id} of ${orderTitle(id.orderId)}`;
  if (!['capture', 'purchase'].includes(tx.event) || !['ok', 'success', 'complete'].includes(tx.status ?? 'ok')) {
    return {
      kind: 'blocked',
      title,
      code: 'transaction_not_payment',
      message: `${title} is a ${tx.event} (${tx.status ?? 'no status'}), not money received; nothing is registered for it.`,
    };
  }
  const gateway = tx.gateway ?? 'unknown';
  const method =
    settings.paymentMethods[`${gateway}.${tx.method ?? ''}`] ?? settings.paymentMethods[gateway] ?? gateway;
  const payment: Payment = {
    source: ref,
    document: orderRef(ref.connection, id.orderId),
    method,
    amount: cents(tx.amount),
    currency: (tx.currency ?? 'SEK').toUpperCase(),
    date: isoDate(tx.date_created),
    ...defined({ reference: tx.gateway_transaction_id }),
  };
  return { kind: 'payment', payment };
}
