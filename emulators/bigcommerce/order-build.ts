import { randomUUID } from 'node:crypto';
import type { Product, Variant } from './catalog-model.ts';
import { BcError } from './errors.ts';
import type { Address, LineDiscount, Order, OrderAddress, OrderCoupon, OrderFee, OrderLine } from './model.ts';
import type { AddressInput, FeeInput, LineInput, OrderPost } from './order-input.ts';
import { lineTotalEx, lineTotalInc } from './order-totals.ts';
import { paymentStatusAfter, STATUS } from './statuses.ts';
import type { Store } from './store.ts';
import { allocate, type Cents, cents, parseDateFilter, taxInside, taxOnTop } from './values.ts';

/** Turns a create body into a priced order: catalog prices, VAT by destination, discounts spread. */

const address = (a: AddressInput): Address => ({
  first_name: a.first_name,
  last_name: a.last_name,
  company: a.company,
  street_1: a.street_1,
  street_2: a.street_2,
  city: a.city,
  state: a.state,
  zip: a.zip,
  country: a.country,
  country_iso2: a.country_iso2.toUpperCase(),
  phone: a.phone,
  email: a.email,
});

/** Net and gross of a catalog price: entered with the home rate in a tax-inclusive store. */
function unitPrices(store: Store, price: Cents, taxClassId: number, destination: string) {
  const home = store.taxRate(taxClassId, store.country);
  const rate = store.taxRate(taxClassId, destination);
  const ex = store.taxInclusive ? price - taxInside(price, home) : price;
  return { ex, inc: ex + taxOnTop(ex, rate), rate };
}

function resolveVariant(store: Store, product: Product, l: LineInput): Variant {
  const variants = store.variantsOf(product.id);
  if (l.variant_id !== undefined) {
    const v = variants.find((x) => x.id === l.variant_id);
    if (!v)
      throw new BcError(
        400,
        `The field 'variant_id' is invalid: ${l.variant_id} is not a variant of product ${product.id}.`,
      );
    return v;
  }
  if (product.options.length === 0) {
    const base = store.variants.get(product.baseVariantId);
    if (!base) throw new BcError(500, `product ${product.id} has no base variant`);
    return base;
  }
  const chosen = new Map((l.product_options ?? []).map((o) => [o.id, Number(o.value)]));
  const v = variants.find((x) => x.optionValues.every((ov) => chosen.get(ov.optionId) === ov.id));
  if (!v || v.optionValues.length === 0) {
    throw new BcError(400, `The product ${product.id} requires product_options or variant_id.`);
  }
  return v;
}

function line(store: Store, l: LineInput, destination: string, addressId: number): OrderLine {
  const id = store.next('order_product');
  const base = { id, addressId, quantity: l.quantity, quantityRefunded: 0, refundAmount: 0, quantityShipped: 0 };
  const given = (p: number | undefined) => (p === undefined ? undefined : cents(p));
  if (l.product_id === undefined) {
    const rate = store.taxRate(0, destination);
    const inc = given(l.price_inc_tax);
    const ex = given(l.price_ex_tax) ?? (inc === undefined ? 0 : inc - taxInside(inc, rate));
    return {
      ...base,
      ...{ productId: 0, variantId: 0, name: l.name ?? '', sku: l.sku ?? '', upc: l.upc ?? '', brand: '' },
      ...{ type: 'physical', basePrice: inc ?? ex, unitEx: ex, unitInc: inc ?? ex + taxOnTop(ex, rate), taxRate: rate },
      ...{ taxClassId: 0, costPrice: 0, weight: 0, optionSetId: null, options: [], discounts: [] },
    };
  }
  const product = store.products.get(l.product_id);
  if (!product) throw new BcError(400, `The field 'product_id' is invalid: product ${l.product_id} was not found.`);
  const variant = resolveVariant(store, product, l);
  const price = variant.price ?? product.price;
  const computed = unitPrices(store, price, product.taxClassId, destination);
  const unitEx = given(l.price_ex_tax) ?? computed.ex;
  const unitInc = given(l.price_inc_tax) ?? unitEx + taxOnTop(unitEx, computed.rate);
  const options = variant.optionValues.map((ov) => ({
    id: store.next('order_product_option'),
    optionId: ov.optionId,
    productOptionId: ov.optionId,
    displayName: ov.optionDisplayName,
    displayValue: ov.label,
    value: String(ov.id),
    type: 'Multiple choice',
    name: ov.optionDisplayName,
  }));
  return {
    ...base,
    ...{ productId: product.id, variantId: variant.id, name: l.name ?? product.name, sku: variant.sku || product.sku },
    ...{ upc: variant.upc || product.upc, brand: product.brandId ? 'BigCommerce' : '', type: product.type },
    ...{ basePrice: price, unitEx, unitInc, taxRate: computed.rate, taxClassId: product.taxClassId },
    ...{ costPrice: variant.costPrice || product.costPrice, weight: variant.weight || product.weight },
    ...{ optionSetId: product.optionSetId, options, discounts: [] },
  };
}

/** Spreads an inc-tax discount over the lines in proportion to their ex-tax totals [BC-O2 applied discounts]. */
function spread(lines: OrderLine[], amount: Cents, make: (amount: Cents) => Omit<LineDiscount, 'amount'>): void {
  const shares = allocate(amount, lines.map(lineTotalEx));
  lines.forEach((l, i) => {
    const share = shares[i] ?? 0;
    if (share > 0) l.discounts.push({ ...make(share), amount: share });
  });
}

function applyCoupon(store: Store, lines: OrderLine[], code: string): OrderCoupon {
  const coupon = store.coupons.get(code.toUpperCase());
  if (!coupon) throw new BcError(400, `The coupon code '${code}' is not valid.`);
  const gross = lines.reduce((a, l) => a + lineTotalInc(l), 0);
  const discount = Math.min(
    gross,
    coupon.type === 1 ? Math.round((gross * coupon.amount) / 100) : cents(coupon.amount),
  );
  spread(lines, discount, () => ({ id: String(coupon.id), name: coupon.name, code: coupon.code }));
  return {
    id: store.next('order_coupon'),
    couponId: coupon.id,
    code: coupon.code,
    type: coupon.type,
    value: coupon.amount,
    discount,
  };
}

function fee(store: Store, f: FeeInput, destination: string): OrderFee {
  const rate = store.taxRate(f.tax_class_id ?? 0, destination);
  const given = (v: number | undefined) => (v === undefined ? undefined : cents(v));
  const inc = given(f.cost_inc_tax);
  const ex = given(f.cost_ex_tax) ?? (inc === undefined ? 0 : inc - (given(f.cost_tax) ?? taxInside(inc, rate)));
  return {
    id: store.next('order_fee', 1),
    displayName: f.display_name_customer ?? f.display_name_merchant ?? 'Fee',
    source: f.source,
    costEx: ex,
    costInc: inc ?? ex + (given(f.cost_tax) ?? taxOnTop(ex, rate)),
    taxClassId: f.tax_class_id,
  };
}

/** Shipping (or handling) given ex and/or inc tax; the missing side at the shipping class rate. */
function cost(store: Store, ex: number | undefined, inc: number | undefined, destination: string) {
  const rate = store.taxRate(store.shippingTaxClass(), destination);
  if (ex === undefined && inc === undefined) return { ex: 0, inc: 0, rate };
  const i = inc === undefined ? undefined : cents(inc);
  const e = ex === undefined ? (i as Cents) - taxInside(i as Cents, rate) : cents(ex);
  return { ex: e, inc: i ?? e + taxOnTop(e, rate), rate };
}

export function buildOrder(store: Store, body: OrderPost, couponCode?: string): Order {
  const now = store.now();
  const billing = address(body.billing_address);
  const shippingInputs = body.shipping_addresses.length > 0 ? body.shipping_addresses : [{ ...body.billing_address }];
  const destination = address(shippingInputs[0] ?? body.billing_address).country_iso2 || store.country;
  const ship = cost(store, body.shipping_cost_ex_tax, body.shipping_cost_inc_tax, destination);
  const handling = cost(store, body.handling_cost_ex_tax, body.handling_cost_inc_tax, destination);
  const addresses: OrderAddress[] = shippingInputs.map((a, i) => ({
    ...address(a),
    id: store.next('order_address'),
    shippingMethod: ('shipping_method' in a ? a.shipping_method : undefined) ?? 'None',
    ...{ shippingEx: i === 0 ? ship.ex : 0, shippingInc: i === 0 ? ship.inc : 0, shippingTaxRate: ship.rate },
    ...{ handlingEx: i === 0 ? handling.ex : 0, handlingInc: i === 0 ? handling.inc : 0 },
    ...{ zoneId: ship.rate > 0 ? 1 : 2, zoneName: ship.rate > 0 ? 'Taxed destinations' : 'Rest of the world' },
  }));
  const lines = body.products.map((l) => line(store, l, destination, addresses[0]?.id ?? 0));
  if (body.customer_id !== 0 && !store.customers.has(body.customer_id)) {
    throw new BcError(400, `The field 'customer_id' is invalid: customer ${body.customer_id} was not found.`);
  }
  const coupons = couponCode ? [applyCoupon(store, lines, couponCode)] : [];
  const manual = body.discount_amount === undefined ? 0 : cents(body.discount_amount);
  spread(lines, manual, () => ({ id: 'manual-discount', name: 'Manual Discount', code: null }));
  const statusId = body.status_id ?? STATUS.pending;
  const created = body.date_created ? (parseDateFilter(body.date_created) ?? now) : now;
  return {
    id: store.next('order'),
    customerId: body.customer_id,
    channelId: body.channel_id,
    statusId,
    paymentStatus: paymentStatusAfter(statusId, ''),
    paymentMethod: body.payment_method ?? 'Manual',
    paymentProviderId: body.payment_provider_id ?? '',
    ...{ created, modified: now, shipped: null, billing, addresses, lines, coupons },
    billingFormFields: body.billing_address.form_fields,
    fees: body.fees.map((f) => fee(store, f, destination)),
    manualDiscount: manual,
    staffNotes: body.staff_notes ?? '',
    customerMessage: body.customer_message ?? '',
    currencyCode: body.default_currency_code ?? store.currency,
    defaultCurrencyCode: body.default_currency_code ?? store.currency,
    taxInclusive: store.taxInclusive,
    refunded: 0,
    archived: false,
    orderSource: body.order_source ?? 'external',
    externalSource: body.external_source ?? null,
    externalId: body.external_id ?? null,
    externalOrderId: body.external_order_id ?? '',
    cartId: randomUUID(),
    ipAddress: body.ip_address ?? '',
    customerLocale: body.customer_locale ?? 'sv',
  };
}
