import type { Order, OrderLine } from './model.ts';
import { lineDiscountedInc, lineTotalEx, lineTotalInc } from './order-totals.ts';
import type { Store } from './store.ts';
import { taxInside, v2Money } from './values.ts';

/** `GET /v2/orders/{id}/products` and `/taxes`, shaped as the spec's examples [BC-O2]. */

export function orderProductJson(o: Order, l: OrderLine): Record<string, unknown> {
  const zero = v2Money(0);
  return {
    id: l.id,
    order_id: o.id,
    product_id: l.productId,
    order_address_id: l.addressId,
    name: l.name,
    name_customer: l.name,
    name_merchant: l.name,
    sku: l.sku,
    upc: l.upc,
    type: l.type,
    base_price: v2Money(l.basePrice),
    price_ex_tax: v2Money(l.unitEx),
    price_inc_tax: v2Money(l.unitInc),
    price_tax: v2Money(l.unitInc - l.unitEx),
    base_total: v2Money(l.basePrice * l.quantity),
    total_ex_tax: v2Money(lineTotalEx(l)),
    total_inc_tax: v2Money(lineTotalInc(l)),
    total_tax: v2Money(lineTotalInc(l) - lineTotalEx(l)),
    weight: l.weight.toFixed(4),
    width: zero,
    height: zero,
    depth: zero,
    quantity: l.quantity,
    base_cost_price: v2Money(l.costPrice),
    cost_price_inc_tax: v2Money(l.costPrice),
    cost_price_ex_tax: v2Money(l.costPrice),
    cost_price_tax: zero,
    is_refunded: l.quantityRefunded >= l.quantity,
    quantity_refunded: l.quantityRefunded,
    refund_amount: v2Money(l.refundAmount),
    return_id: 0,
    wrapping_id: 0,
    wrapping_name: '',
    base_wrapping_cost: zero,
    wrapping_cost_ex_tax: zero,
    wrapping_cost_inc_tax: zero,
    wrapping_cost_tax: zero,
    wrapping_message: '',
    quantity_shipped: l.quantityShipped,
    fixed_shipping_cost: zero,
    ebay_item_id: '',
    ebay_transaction_id: '',
    option_set_id: l.optionSetId,
    parent_order_product_id: null,
    is_bundled_product: false,
    bin_picking_number: '',
    external_id: null,
    brand: l.brand,
    applied_discounts: l.discounts.map((d) => ({
      id: d.id,
      amount: v2Money(d.amount),
      name: d.name,
      code: d.code,
      target: 'order',
    })),
    product_options: l.options.map((p) => ({
      id: p.id,
      option_id: p.optionId,
      order_product_id: l.id,
      product_option_id: p.productOptionId,
      display_name: p.displayName,
      display_name_customer: p.displayName,
      display_name_merchant: p.displayName,
      display_value: p.displayValue,
      display_value_customer: p.displayValue,
      display_value_merchant: p.displayValue,
      value: p.value,
      type: p.type,
      name: p.name,
      display_style: 'Rectangle',
    })),
    configurable_fields: [],
    gift_certificate_id: null,
    discounted_total_inc_tax: v2Money(lineDiscountedInc(l)),
  };
}

/**
 * One row per shipping address and tax class, lines and shipping together, after discounts.
 * Zero-rated destinations (export) have no tax rows.
 */
export function orderTaxesJson(store: Store, o: Order): Record<string, unknown>[] {
  const rows = new Map<string, { addressId: number; classId: number; rate: number; amount: number }>();
  const add = (addressId: number, classId: number, rate: number, amount: number): void => {
    if (rate === 0) return;
    const key = `${addressId}:${classId}`;
    const row = rows.get(key) ?? { addressId, classId, rate, amount: 0 };
    row.amount += amount;
    rows.set(key, row);
  };
  for (const l of o.lines) add(l.addressId, l.taxClassId, l.taxRate, taxInside(lineDiscountedInc(l), l.taxRate));
  for (const a of o.addresses) {
    add(a.id, store.shippingTaxClass(), a.shippingTaxRate, a.shippingInc - a.shippingEx + a.handlingInc - a.handlingEx);
  }
  return [...rows.values()].map((r, i) => ({
    id: i + 1,
    order_id: o.id,
    order_address_id: r.addressId,
    tax_rate_id: r.classId + 1,
    sales_tax_id: `SE-VAT-${r.rate}`,
    tax_class_id: r.classId,
    name: `Moms ${r.rate} %`,
    class: store.taxClasses.find((c) => c.id === r.classId)?.name ?? 'Default Tax Class',
    rate: r.rate.toFixed(4),
    priority: 0,
    priority_amount: v2Money(r.amount),
    line_amount: v2Money(r.amount),
    order_pickup_method_id: 0,
  }));
}
