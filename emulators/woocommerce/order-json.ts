import type { FeeLine, ItemTaxes, LineItem, Meta, Order, Refund, ShippingLine } from './model.ts';
import { orderTotals, roundedTaxTotal } from './pricing.ts';
import type { WooStore } from './store.ts';
import { gmtDate, localDate, money, rawDecimal } from './values.ts';

/**
 * Orders and refunds as `WC_REST_Orders_Controller::prepare_object_for_response` renders them, key
 * for key as the documented examples show: money as `dp`-decimal strings, item `price` a number,
 * per-rate `taxes[]` unrounded, dates site-local beside `_gmt`, `_links` to self and collection.
 */
export interface RenderContext {
  store: WooStore;
  /** The site's home URL, for `_links`. */
  site: string;
  /** Decimals of money strings (`dp`, default 2). */
  dp: number;
}

export const api = (ctx: RenderContext, path: string): string => `${ctx.site}/wp-json/wc/v3/${path}`;
const link = (href: string): { href: string }[] => [{ href }];

export function dates(ctx: RenderContext, name: string, ms: number | null): Record<string, string | null> {
  const tz = ctx.store.opts.timezone;
  return { [name]: ms === null ? null : localDate(ms, tz), [`${name}_gmt`]: ms === null ? null : gmtDate(ms) };
}

export const metaJson = (meta: Meta[]): Meta[] => meta.map((m) => ({ id: m.id, key: m.key, value: m.value }));

function taxesJson(taxes: ItemTaxes, withSubtotal: boolean): { id: number; total: string; subtotal: string }[] {
  return [...taxes.total].map(([id, total]) => ({
    id,
    total: rawDecimal(total),
    subtotal: withSubtotal ? rawDecimal(taxes.subtotal.get(id) ?? 0) : '',
  }));
}

export function lineItemJson(ctx: RenderContext, item: LineItem): Record<string, unknown> {
  return {
    id: item.id,
    name: item.name,
    product_id: item.productId,
    variation_id: item.variationId,
    quantity: item.quantity,
    tax_class: item.taxClass,
    subtotal: money(item.subtotal, ctx.dp),
    subtotal_tax: money(roundedTaxTotal(item.taxes.subtotal), ctx.dp),
    total: money(item.total, ctx.dp),
    total_tax: money(roundedTaxTotal(item.taxes.total), ctx.dp),
    taxes: taxesJson(item.taxes, true),
    meta_data: metaJson(item.meta),
    sku: item.sku,
    // An unrounded float, `get_item_total()`: total / max(1, |quantity|), so a refunded line's is negative.
    price: item.total / Math.max(1, Math.abs(item.quantity)),
  };
}

function shippingJson(ctx: RenderContext, s: ShippingLine): Record<string, unknown> {
  return {
    id: s.id,
    method_title: s.methodTitle,
    method_id: s.methodId,
    total: money(s.total, ctx.dp),
    total_tax: money(roundedTaxTotal(s.taxes.total), ctx.dp),
    taxes: taxesJson(s.taxes, false),
    meta_data: metaJson(s.meta),
  };
}

function feeJson(ctx: RenderContext, f: FeeLine): Record<string, unknown> {
  return {
    id: f.id,
    name: f.name,
    tax_class: f.taxClass,
    tax_status: f.taxStatus,
    total: money(f.total, ctx.dp),
    total_tax: money(roundedTaxTotal(f.taxes.total), ctx.dp),
    taxes: taxesJson(f.taxes, false),
    meta_data: metaJson(f.meta),
  };
}

export function renderOrder(ctx: RenderContext, o: Order): Record<string, unknown> {
  const t = orderTotals(o);
  const { store, dp } = ctx;
  const refunds = o.refunds.flatMap((id) => {
    const r = store.refunds.get(id);
    const key = store.opts.quirks.refundSummaryKey;
    return r ? [{ id: r.id, [key]: r.reason, total: `-${money(r.amount, dp)}` }] : [];
  });
  const links: Record<string, { href: string }[]> = {
    self: link(api(ctx, `orders/${o.id}`)),
    collection: link(api(ctx, 'orders')),
  };
  if (o.customerId !== 0) links.customer = link(api(ctx, `customers/${o.customerId}`));
  if (o.parentId !== 0) links.up = link(api(ctx, `orders/${o.parentId}`));
  return {
    id: o.id,
    parent_id: o.parentId,
    number: String(o.id),
    order_key: o.orderKey,
    created_via: o.createdVia,
    version: o.version,
    status: o.status,
    currency: o.currency,
    ...dates(ctx, 'date_created', o.created),
    ...dates(ctx, 'date_modified', o.modified),
    discount_total: money(t.discountTotal, dp),
    discount_tax: money(t.discountTax, dp),
    shipping_total: money(t.shippingTotal, dp),
    shipping_tax: money(t.shippingTax, dp),
    cart_tax: money(t.cartTax, dp),
    total: money(t.total, dp),
    total_tax: money(t.totalTax, dp),
    prices_include_tax: o.pricesIncludeTax,
    customer_id: o.customerId,
    customer_ip_address: o.customerIp,
    customer_user_agent: o.customerUserAgent,
    customer_note: o.customerNote,
    billing: { ...o.billing },
    shipping: { ...o.shipping },
    payment_method: o.paymentMethod,
    payment_method_title: o.paymentMethodTitle,
    transaction_id: o.transactionId,
    ...dates(ctx, 'date_paid', o.paid),
    ...dates(ctx, 'date_completed', o.completed),
    cart_hash: o.cartHash,
    meta_data: metaJson(o.meta),
    line_items: o.lineItems.map((i) => lineItemJson(ctx, i)),
    tax_lines: o.taxLines.flatMap((l) => {
      const rate = store.taxRates.get(l.rateId);
      const sums = t.perRate.get(l.rateId) ?? { tax: 0, shipping: 0 };
      if (!rate) return [];
      const code = [rate.country, rate.state, rate.name || 'TAX', rate.priority ? String(rate.priority) : '']
        .filter((p) => p !== '')
        .join('-')
        .toUpperCase();
      return [
        {
          id: l.id,
          rate_code: code,
          rate_id: rate.id,
          label: rate.name,
          compound: rate.compound,
          tax_total: money(sums.tax, dp),
          shipping_tax_total: money(sums.shipping, dp),
          meta_data: metaJson(l.meta),
        },
      ];
    }),
    shipping_lines: o.shippingLines.map((s) => shippingJson(ctx, s)),
    fee_lines: o.feeLines.map((f) => feeJson(ctx, f)),
    coupon_lines: o.couponLines.map((c) => ({
      id: c.id,
      code: c.code,
      discount: money(c.discount, dp),
      discount_tax: money(c.discountTax, dp),
      meta_data: metaJson(c.meta),
    })),
    refunds,
    _links: links,
  };
}

export function renderRefund(ctx: RenderContext, r: Refund): Record<string, unknown> {
  return {
    id: r.id,
    ...dates(ctx, 'date_created', r.created),
    amount: money(r.amount, ctx.dp),
    reason: r.reason,
    refunded_by: r.refundedBy,
    refunded_payment: r.refundedPayment,
    meta_data: metaJson(r.meta),
    line_items: r.lineItems.map((i) => lineItemJson(ctx, i)),
    _links: {
      self: link(api(ctx, `orders/${r.orderId}/refunds/${r.id}`)),
      collection: link(api(ctx, `orders/${r.orderId}/refunds`)),
      up: link(api(ctx, `orders/${r.orderId}`)),
    },
  };
}
