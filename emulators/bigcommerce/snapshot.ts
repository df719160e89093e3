import { hookStatus } from './hooks.ts';
import { lineDiscountedInc, totals } from './order-totals.ts';
import { statusName } from './statuses.ts';
import { levelOf, productLevel, stockKey } from './stock.ts';
import type { Store } from './store.ts';
import { rfc3339, v3Money } from './values.ts';

/**
 * What a person (the page) or another process (`GET /__control/stores/{hash}`) wants to see at a
 * glance: orders with their status, totals, refunds and whatever the service wrote back (staff
 * notes, metafields of every API account), stock per SKU, hooks and their state.
 */
export function storeSnapshot(store: Store) {
  const orders = [...store.orders.values()]
    .filter((o) => !o.archived)
    .sort((a, b) => b.id - a.id)
    .map((o) => {
      const t = totals(o);
      return {
        id: o.id,
        created: rfc3339(o.created),
        modified: rfc3339(o.modified),
        status_id: o.statusId,
        status: statusName(o.statusId),
        payment_status: o.paymentStatus,
        payment_method: o.paymentMethod,
        customer_id: o.customerId,
        billing: `${o.billing.first_name} ${o.billing.last_name}${o.billing.company ? `, ${o.billing.company}` : ''}`,
        country: o.addresses[0]?.country_iso2 ?? o.billing.country_iso2,
        currency: o.defaultCurrencyCode,
        total_inc_tax: v3Money(t.totalInc),
        total_tax: v3Money(t.totalTax),
        discount: v3Money(t.discount),
        shipping_inc_tax: v3Money(t.shippingInc),
        refunded: v3Money(o.refunded),
        coupons: o.coupons.map((c) => c.code),
        lines: o.lines.map((l) => ({
          order_product_id: l.id,
          sku: l.sku,
          name: l.name,
          quantity: l.quantity,
          quantity_refunded: l.quantityRefunded,
          paid: v3Money(lineDiscountedInc(l)),
          vat: l.taxRate,
        })),
        staff_notes: o.staffNotes,
        metafields: [...store.metafields.values()]
          .filter((m) => m.orderId === o.id)
          .map((m) => ({ namespace: m.namespace, key: m.key, value: m.value, owner_client_id: m.clientId })),
      };
    });
  const stock = [...store.variants.values()].map((v) => {
    const p = store.products.get(v.productId);
    const key = p ? stockKey(p, v) : undefined;
    return {
      sku: v.sku,
      product_id: v.productId,
      variant_id: v.id,
      name: p?.name ?? '',
      tracking: p?.tracking ?? 'none',
      level: key === undefined ? null : levelOf(store, key),
      product_level: p ? productLevel(store, p) : 0,
    };
  });
  const hooks = [...store.hooks.values()].map((h) => ({
    id: h.id,
    client_id: h.clientId,
    scope: h.scope,
    destination: h.destination,
    status: hookStatus(h),
  }));
  const refunds = [...store.refunds.values()].map((r) => ({ id: r.id, order_id: r.orderId, total: v3Money(r.total) }));
  return { hash: store.hash, name: store.name, currency: store.currency, orders, stock, hooks, refunds };
}
