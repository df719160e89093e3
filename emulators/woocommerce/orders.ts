import { randomBytes } from 'node:crypto';
import { compact } from '../kit/index.ts';
import { WooError } from './errors.ts';
import type { LineItem, Meta, Order } from './model.ts';
import type { OrderInput } from './order-input.ts';
import { changeStatus, paymentComplete } from './order-status.ts';
import { netLinePrice, recalculateTaxes, roundedTaxTotal } from './pricing.ts';
import { refundRemainder } from './refunds.ts';
import { emptyAddress, type WooStore } from './store.ts';
import { decimal, phpRound } from './values.ts';

/**
 * Creating and editing orders as `WC_REST_Orders_Controller` does: items priced from the catalogue
 * (net of base-country tax when prices include tax) unless the request gives `subtotal`/`total`,
 * coupons applied, taxes and totals recalculated, `set_paid` running `payment_complete()`.
 */
export const WC_VERSION = '9.8.1';

export interface OrderOrigin {
  createdVia: string;
  customerIp?: string;
  customerUserAgent?: string;
}

function lineItem(store: WooStore, input: NonNullable<OrderInput['line_items']>[number]): LineItem {
  const bySku = input.sku ? store.productBySku(input.sku) : undefined;
  const ref = input.variation_id || input.product_id || bySku?.id;
  if (!ref) throw new WooError(400, 'woocommerce_rest_required_product_reference', 'Product ID or SKU is required.');
  const product = store.products.get(ref);
  if (!product) throw new WooError(400, 'woocommerce_rest_invalid_product_id', 'Invalid product ID.');
  const parent = product.parentId ? store.products.get(product.parentId) : undefined;
  const quantity = input.quantity ?? 1;
  const unit = decimal(product.salePrice !== '' ? product.salePrice : product.regularPrice);
  const net = netLinePrice(store, product, unit, quantity);
  const subtotal = input.subtotal === undefined ? net : decimal(input.subtotal);
  const options = product.attributes.filter((a) => a.option !== undefined).map((a) => a.option);
  const meta: Meta[] = product.attributes
    .filter((a) => a.option !== undefined)
    .map((a) => store.meta(`pa_${a.name.toLowerCase().replace(/\s+/g, '-')}`, String(a.option).toLowerCase()));
  for (const m of input.meta_data ?? []) meta.push(store.meta(m.key, m.value));
  return {
    id: store.nextItemId(),
    name: input.name ?? (parent ? `${parent.name} - ${options.join(', ')}` : product.name),
    productId: parent ? parent.id : product.id,
    variationId: parent ? product.id : 0,
    quantity,
    taxClass: product.taxClass,
    subtotal,
    total: input.total === undefined ? subtotal : decimal(input.total),
    taxes: { total: new Map(), subtotal: new Map() },
    meta,
    sku: product.sku,
  };
}

/** Percent coupons take their share of every line; fixed-cart ones are spread by line subtotal. */
function applyCoupons(store: WooStore, order: Order, codes: string[]): void {
  for (const code of codes) {
    const coupon = [...store.coupons.values()].find((c) => c.code.toLowerCase() === code.toLowerCase());
    if (!coupon) throw new WooError(400, 'woocommerce_rest_invalid_coupon', `Coupon "${code}" does not exist!`);
    const base = order.lineItems.reduce((s, l) => s + l.total, 0);
    for (const l of order.lineItems) {
      const off =
        coupon.discountType === 'percent' ? l.total * (coupon.amount / 100) : (coupon.amount * l.total) / base;
      l.total = Math.max(0, phpRound(l.total - off, 6));
    }
    order.couponLines.push({ id: store.nextItemId(), code: coupon.code, discount: 0, discountTax: 0, meta: [] });
  }
}

function couponAmounts(order: Order): void {
  const discount = order.lineItems.reduce((s, l) => s + l.subtotal - l.total, 0);
  const tax = order.lineItems.reduce(
    (s, l) => s + roundedTaxTotal(l.taxes.subtotal) - roundedTaxTotal(l.taxes.total),
    0,
  );
  const share = order.couponLines.length || 1;
  for (const c of order.couponLines) {
    c.discount = phpRound(discount / share, 2);
    c.discountTax = phpRound(tax / share, 2);
  }
}

function applyContent(store: WooStore, order: Order, input: OrderInput): void {
  for (const l of input.line_items ?? []) {
    const existing = l.id === undefined ? undefined : order.lineItems.find((i) => i.id === l.id);
    if (existing && l.quantity === 0) order.lineItems = order.lineItems.filter((i) => i !== existing);
    else if (existing && l.quantity !== undefined) {
      const unit = existing.subtotal / (existing.quantity || 1);
      existing.quantity = l.quantity;
      existing.subtotal = l.subtotal === undefined ? unit * l.quantity : decimal(l.subtotal);
      existing.total = l.total === undefined ? existing.subtotal : decimal(l.total);
    } else if (!existing) order.lineItems.push(lineItem(store, l));
  }
  for (const s of input.shipping_lines ?? []) {
    order.shippingLines.push({
      id: store.nextItemId(),
      methodTitle: s.method_title ?? '',
      methodId: s.method_id ?? '',
      total: decimal(s.total),
      taxes: { total: new Map(), subtotal: new Map() },
      meta: (s.meta_data ?? []).map((m) => store.meta(m.key, m.value)),
    });
  }
  for (const f of input.fee_lines ?? []) {
    order.feeLines.push({
      id: store.nextItemId(),
      name: f.name ?? '',
      taxClass: f.tax_class ?? '',
      taxStatus: f.tax_status ?? 'taxable',
      total: decimal(f.total),
      taxes: { total: new Map(), subtotal: new Map() },
      meta: [],
    });
  }
  applyCoupons(
    store,
    order,
    (input.coupon_lines ?? []).flatMap((c) => (c.code ? [c.code] : [])),
  );
  recalculateTaxes(store, order);
  couponAmounts(order);
}

function applyFields(store: WooStore, order: Order, input: OrderInput): void {
  if (input.customer_id !== undefined) {
    if (input.customer_id !== 0 && !store.customers.has(input.customer_id)) {
      throw new WooError(400, 'woocommerce_rest_invalid_customer_id', 'Customer ID is invalid.');
    }
    order.customerId = input.customer_id;
  }
  if (input.parent_id !== undefined) order.parentId = input.parent_id;
  if (input.currency !== undefined) order.currency = input.currency;
  if (input.customer_note !== undefined) order.customerNote = input.customer_note;
  if (input.billing) order.billing = { ...order.billing, ...compact(input.billing) };
  if (input.shipping) order.shipping = { ...order.shipping, ...compact(input.shipping) };
  if (input.payment_method !== undefined) order.paymentMethod = input.payment_method;
  if (input.payment_method_title !== undefined) order.paymentMethodTitle = input.payment_method_title;
  if (input.transaction_id !== undefined) order.transactionId = input.transaction_id;
  for (const m of input.meta_data ?? []) store.setMeta(order.meta, m.key, m.value, m.id);
}

export function createOrder(store: WooStore, input: OrderInput, origin: OrderOrigin): Order {
  const now = store.now();
  const order: Order = {
    id: store.nextPostId(),
    parentId: 0,
    orderKey: `wc_order_${randomBytes(7).toString('hex').slice(0, 13)}`,
    createdVia: origin.createdVia,
    version: WC_VERSION,
    status: 'pending',
    currency: store.opts.currency,
    created: now,
    modified: now,
    paid: null,
    completed: null,
    pricesIncludeTax: store.opts.pricesIncludeTax,
    customerId: 0,
    customerIp: origin.customerIp ?? '',
    customerUserAgent: origin.customerUserAgent ?? '',
    customerNote: '',
    billing: emptyAddress(true),
    shipping: emptyAddress(false),
    paymentMethod: '',
    paymentMethodTitle: '',
    transactionId: '',
    cartHash: '',
    meta: [],
    lineItems: [],
    shippingLines: [],
    feeLines: [],
    couponLines: [],
    taxLines: [],
    refunds: [],
    notes: [],
    apiMetaKeys: [],
  };
  applyFields(store, order, input);
  applyContent(store, order, input);
  store.orders.set(order.id, order);
  store.fire('order', 'created', order.id);
  if (store.opts.quirks.updatedOnCreate) store.fire('order', 'updated', order.id);
  if (input.status && input.status !== 'pending') changeStatus(store, order, input.status);
  if (input.set_paid) paymentComplete(store, order);
  return order;
}

export function updateOrder(store: WooStore, order: Order, input: OrderInput, api = true): Order {
  applyFields(store, order, input);
  if (api) for (const m of input.meta_data ?? []) if (!order.apiMetaKeys.includes(m.key)) order.apiMetaKeys.push(m.key);
  if (input.line_items || input.shipping_lines || input.fee_lines || input.coupon_lines) {
    applyContent(store, order, input);
  } else if (input.billing || input.shipping) recalculateTaxes(store, order);
  order.modified = store.now();
  store.fire('order', 'updated', order.id);
  if (input.status && changeStatus(store, order, input.status) && input.status === 'refunded') {
    refundRemainder(store, order);
  }
  if (input.set_paid) paymentComplete(store, order);
  return order;
}
