import type { Order } from './model.ts';
import { totals } from './order-totals.ts';
import { statusName } from './statuses.ts';
import type { Store } from './store.ts';
import { rfc2822, v2Money } from './values.ts';

/**
 * `GET /v2/orders/{id}` as the spec's `order_Resp` example has it, key for key: money as decimal
 * strings, dates RFC-2822 in UTC, sub-resources as `{url, resource}` links [BC-O2]. The link paths
 * say `shippingaddresses` (no underscore), as the examples do; both spellings are routed.
 */

export function linkBase(store: Store): string {
  return `${store.env.opts.linkBase ?? store.env.baseUrl}/stores/${store.hash}/v2`;
}

const link = (store: Store, resource: string) => ({ url: `${linkBase(store)}${resource}`, resource });

export function orderJson(store: Store, o: Order, withFees: boolean): Record<string, unknown> {
  const t = totals(o);
  const shippingClass = store.shippingTaxClass();
  const first = o.addresses[0];
  const json: Record<string, unknown> = {
    id: o.id,
    customer_id: o.customerId,
    date_created: rfc2822(o.created),
    date_modified: rfc2822(o.modified),
    date_shipped: o.shipped === null ? '' : rfc2822(o.shipped),
    status_id: o.statusId,
    status: statusName(o.statusId),
    subtotal_ex_tax: v2Money(t.subtotalEx),
    subtotal_inc_tax: v2Money(t.subtotalInc),
    subtotal_tax: v2Money(t.subtotalInc - t.subtotalEx),
    base_shipping_cost: v2Money(o.taxInclusive ? t.shippingInc : t.shippingEx),
    shipping_cost_ex_tax: v2Money(t.shippingEx),
    shipping_cost_inc_tax: v2Money(t.shippingInc),
    shipping_cost_tax: v2Money(t.shippingInc - t.shippingEx),
    shipping_cost_tax_class_id: shippingClass,
    base_handling_cost: v2Money(o.taxInclusive ? t.handlingInc : t.handlingEx),
    handling_cost_ex_tax: v2Money(t.handlingEx),
    handling_cost_inc_tax: v2Money(t.handlingInc),
    handling_cost_tax: v2Money(t.handlingInc - t.handlingEx),
    handling_cost_tax_class_id: shippingClass,
    base_wrapping_cost: v2Money(0),
    wrapping_cost_ex_tax: v2Money(0),
    wrapping_cost_inc_tax: v2Money(0),
    wrapping_cost_tax: v2Money(0),
    wrapping_cost_tax_class_id: 0,
    total_ex_tax: v2Money(t.totalEx),
    total_inc_tax: v2Money(t.totalInc),
    total_tax: v2Money(t.totalTax),
    is_tax_inclusive_pricing: o.taxInclusive,
    items_total: t.itemsTotal,
    items_shipped: t.itemsShipped,
    payment_method: o.paymentMethod,
    payment_provider_id: o.paymentProviderId,
    payment_status: o.paymentStatus,
    refunded_amount: v2Money(o.refunded),
    order_is_digital: o.lines.every((l) => l.type === 'digital'),
    store_credit_amount: v2Money(0),
    gift_certificate_amount: v2Money(0),
    ip_address: o.ipAddress,
    ip_address_v6: '',
    geoip_country: o.ipAddress ? (first?.country ?? '') : '',
    geoip_country_iso2: o.ipAddress ? (first?.country_iso2 ?? '') : '',
    currency_id: 1,
    currency_code: o.currencyCode,
    currency_exchange_rate: '1.0000000000',
    default_currency_id: 1,
    default_currency_code: o.defaultCurrencyCode,
    staff_notes: o.staffNotes,
    customer_message: o.customerMessage,
    discount_amount: v2Money(t.discount),
    coupon_discount: v2Money(t.couponDiscount),
    shipping_address_count: o.addresses.length,
    ebay_order_id: '0',
    cart_id: o.cartId,
    billing_address: { ...o.billing, form_fields: o.billingFormFields },
    is_email_opt_in: false,
    credit_card_type: null,
    order_source: o.orderSource,
    channel_id: o.channelId,
    external_source: o.externalSource,
    products: link(store, `/orders/${o.id}/products`),
    shipping_addresses: link(store, `/orders/${o.id}/shippingaddresses`),
    coupons: link(store, `/orders/${o.id}/coupons`),
    external_id: o.externalId,
    external_merchant_id: null,
    tax_provider_id: 'BasicTaxProvider',
    store_default_currency_code: o.defaultCurrencyCode === store.currency ? '' : store.currency,
    store_default_to_transactional_exchange_rate: '1.0000000000',
    custom_status: statusName(o.statusId),
    customer_locale: o.customerLocale,
    external_order_id: o.externalOrderId,
  };
  if (withFees) json.fees = o.fees.map(feeJson);
  return json;
}

function feeJson(f: Order['fees'][number]): Record<string, unknown> {
  return {
    id: f.id,
    type: 'custom_fee',
    display_name_customer: f.displayName,
    display_name_merchant: f.displayName,
    source: f.source,
    base_cost: v2Money(f.costEx),
    cost_ex_tax: v2Money(f.costEx),
    cost_inc_tax: v2Money(f.costInc),
    cost_tax: v2Money(f.costInc - f.costEx),
    tax_class_id: f.taxClassId,
  };
}

export function shippingAddressJson(store: Store, o: Order, a: Order['addresses'][number]): Record<string, unknown> {
  const lines = o.lines.filter((l) => l.addressId === a.id);
  const shippingClass = store.shippingTaxClass();
  return {
    id: a.id,
    order_id: o.id,
    ...{ first_name: a.first_name, last_name: a.last_name, company: a.company, street_1: a.street_1 },
    ...{ street_2: a.street_2, city: a.city, zip: a.zip, country: a.country, country_iso2: a.country_iso2 },
    ...{ state: a.state, email: a.email, phone: a.phone },
    items_total: lines.reduce((n, l) => n + l.quantity, 0),
    items_shipped: lines.reduce((n, l) => n + l.quantityShipped, 0),
    shipping_method: a.shippingMethod,
    base_cost: v2Money(o.taxInclusive ? a.shippingInc : a.shippingEx),
    cost_ex_tax: v2Money(a.shippingEx),
    cost_inc_tax: v2Money(a.shippingInc),
    cost_tax: v2Money(a.shippingInc - a.shippingEx),
    cost_tax_class_id: shippingClass,
    base_handling_cost: v2Money(o.taxInclusive ? a.handlingInc : a.handlingEx),
    handling_cost_ex_tax: v2Money(a.handlingEx),
    handling_cost_inc_tax: v2Money(a.handlingInc),
    handling_cost_tax: v2Money(a.handlingInc - a.handlingEx),
    handling_cost_tax_class_id: shippingClass,
    shipping_zone_id: a.zoneId,
    shipping_zone_name: a.zoneName,
    shipping_quotes: link(store, `/orders/${o.id}/shippingaddresses/${a.id}/shippingquotes`),
    form_fields: [],
  };
}

export function couponJson(o: Order, c: Order['coupons'][number]): Record<string, unknown> {
  // amount/discount are JSON numbers here, unlike the rest of V2 [BC-O2 orderCoupons example].
  return {
    id: c.id,
    coupon_id: c.couponId,
    order_id: o.id,
    code: c.code,
    amount: c.value,
    type: c.type,
    discount: c.discount / 100,
  };
}
