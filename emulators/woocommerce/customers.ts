import { z } from 'zod';
import { compact } from '../kit/index.ts';
import { WooError } from './errors.ts';
import type { Coupon, Customer, TaxRate } from './model.ts';
import { AddressIn, MetaIn } from './order-input.ts';
import { api, dates, metaJson, type RenderContext } from './order-json.ts';
import { emptyAddress, type WooStore } from './store.ts';
import { decimal, money } from './values.ts';

/** Customers (WordPress users with the `customer` role), tax rates and coupons. */

export const CustomerIn = z.object({
  email: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  billing: AddressIn.optional(),
  shipping: AddressIn.optional(),
  meta_data: z.array(MetaIn).optional(),
});
export type CustomerInput = z.infer<typeof CustomerIn>;

export function saveCustomer(store: WooStore, input: CustomerInput, existing?: Customer): Customer {
  const email = input.email ?? existing?.email ?? '';
  if (!existing && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw new WooError(400, 'registration-error-invalid-email', 'Please provide a valid email address.');
  }
  const taken = [...store.customers.values()].find((c) => c.email === email && c.id !== existing?.id);
  if (taken) {
    throw new WooError(
      400,
      'registration-error-email-exists',
      'An account is already registered with your email address. Please log in.',
    );
  }
  const now = store.now();
  const c: Customer = existing ?? {
    id: store.nextUserId(),
    email,
    firstName: '',
    lastName: '',
    username: input.username ?? email.split('@')[0] ?? '',
    role: 'customer',
    billing: emptyAddress(true),
    shipping: emptyAddress(false),
    meta: [],
    created: now,
    modified: now,
  };
  c.email = email;
  if (input.first_name !== undefined) c.firstName = input.first_name;
  if (input.last_name !== undefined) c.lastName = input.last_name;
  if (input.billing) c.billing = { ...c.billing, ...compact(input.billing) };
  if (input.shipping) c.shipping = { ...c.shipping, ...compact(input.shipping) };
  for (const m of input.meta_data ?? []) store.setMeta(c.meta, m.key, m.value, m.id);
  c.modified = now;
  store.customers.set(c.id, c);
  store.fire('customer', existing ? 'updated' : 'created', c.id);
  return c;
}

export function renderCustomer(ctx: RenderContext, c: Customer): Record<string, unknown> {
  const paying = [...ctx.store.orders.values()].some((o) => o.customerId === c.id && o.paid !== null);
  return {
    id: c.id,
    ...dates(ctx, 'date_created', c.created),
    ...dates(ctx, 'date_modified', c.modified),
    email: c.email,
    first_name: c.firstName,
    last_name: c.lastName,
    role: c.role,
    username: c.username,
    billing: { ...c.billing },
    shipping: { ...c.shipping },
    is_paying_customer: paying,
    avatar_url: 'https://secure.gravatar.com/avatar/?s=96&d=mm&r=g',
    meta_data: metaJson(c.meta),
    _links: { self: [{ href: api(ctx, `customers/${c.id}`) }], collection: [{ href: api(ctx, 'customers') }] },
  };
}

export const TaxIn = z.object({
  country: z.string().optional(),
  state: z.string().optional(),
  postcodes: z.array(z.string()).optional(),
  cities: z.array(z.string()).optional(),
  postcode: z.string().optional(),
  city: z.string().optional(),
  rate: z.union([z.string(), z.number()]).optional(),
  name: z.string().optional(),
  priority: z.number().int().optional(),
  compound: z.boolean().optional(),
  shipping: z.boolean().optional(),
  order: z.number().int().optional(),
  class: z.string().optional(),
});
export type TaxInput = z.infer<typeof TaxIn>;

const upper = (xs: string[]): string[] => xs.map((x) => x.toUpperCase()).filter((x) => x !== '');

export function saveTaxRate(store: WooStore, input: TaxInput, existing?: TaxRate): TaxRate {
  const r: TaxRate = existing ?? {
    id: store.nextTaxRateId(),
    country: '',
    state: '',
    postcodes: [],
    cities: [],
    rate: 0,
    name: '',
    priority: 1,
    compound: false,
    shipping: true,
    order: 0,
    class: 'standard',
  };
  if (input.country !== undefined) r.country = input.country.toUpperCase();
  if (input.state !== undefined) r.state = input.state.toUpperCase();
  if (input.postcodes !== undefined) r.postcodes = upper(input.postcodes);
  else if (input.postcode !== undefined) r.postcodes = upper(input.postcode.split(';'));
  if (input.cities !== undefined) r.cities = upper(input.cities);
  else if (input.city !== undefined) r.cities = upper(input.city.split(';'));
  if (input.rate !== undefined) r.rate = decimal(input.rate);
  if (input.name !== undefined) r.name = input.name;
  if (input.priority !== undefined) r.priority = input.priority;
  if (input.compound !== undefined) r.compound = input.compound;
  if (input.shipping !== undefined) r.shipping = input.shipping;
  if (input.order !== undefined) r.order = input.order;
  if (input.class !== undefined) r.class = input.class;
  store.taxRates.set(r.id, r);
  return r;
}

export function renderTaxRate(ctx: RenderContext, r: TaxRate): Record<string, unknown> {
  return {
    id: r.id,
    country: r.country,
    state: r.state,
    postcode: r.postcodes.at(-1) ?? '',
    city: r.cities.at(-1) ?? '',
    postcodes: [...r.postcodes],
    cities: [...r.cities],
    rate: r.rate.toFixed(4),
    name: r.name,
    priority: r.priority,
    compound: r.compound,
    shipping: r.shipping,
    order: r.order,
    class: r.class,
    _links: { self: [{ href: api(ctx, `taxes/${r.id}`) }], collection: [{ href: api(ctx, 'taxes') }] },
  };
}

export const CouponIn = z.object({
  code: z.string(),
  discount_type: z.enum(['percent', 'fixed_cart']).optional(),
  amount: z.union([z.string(), z.number()]).optional(),
});

export function saveCoupon(store: WooStore, input: z.infer<typeof CouponIn>): Coupon {
  if ([...store.coupons.values()].some((c) => c.code.toLowerCase() === input.code.toLowerCase())) {
    throw new WooError(400, 'woocommerce_rest_coupon_code_already_exists', 'The coupon code already exists');
  }
  const now = store.now();
  const c: Coupon = {
    id: store.nextPostId(),
    code: input.code.toLowerCase(),
    discountType: input.discount_type ?? 'fixed_cart',
    amount: decimal(input.amount),
    created: now,
    modified: now,
  };
  store.coupons.set(c.id, c);
  store.fire('coupon', 'created', c.id);
  return c;
}

export function renderCoupon(ctx: RenderContext, c: Coupon): Record<string, unknown> {
  return {
    id: c.id,
    code: c.code,
    amount: money(c.amount, 2),
    ...dates(ctx, 'date_created', c.created),
    ...dates(ctx, 'date_modified', c.modified),
    discount_type: c.discountType,
    description: '',
    usage_count: [...ctx.store.orders.values()].filter((o) => o.couponLines.some((l) => l.code === c.code)).length,
    meta_data: [],
    _links: { self: [{ href: api(ctx, `coupons/${c.id}`) }], collection: [{ href: api(ctx, 'coupons') }] },
  };
}
