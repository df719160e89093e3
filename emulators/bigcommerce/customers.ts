import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Customer } from './catalog-model.ts';
import { BcError } from './errors.ts';
import type { Store } from './store.ts';
import { cents, rfc3339, v3Money } from './values.ts';

/**
 * Customers V3 [BC-CUS]: `company` is a plain string on a B2C customer; sub-resources appear
 * only when asked for with `include=addresses,storecredit,…`. `POST /v3/customers` takes an
 * array of at most 10. Creating and changing one fires `store/customer/created|updated`.
 */
export const CustomerInput = z.object({
  email: z.email(),
  first_name: z.string().min(1),
  last_name: z.string().min(1),
  company: z.string().default(''),
  phone: z.string().default(''),
  notes: z.string().default(''),
  tax_exempt_category: z.string().default(''),
  customer_group_id: z.number().int().nonnegative().default(0),
  store_credit_amounts: z.array(z.object({ amount: z.number().nonnegative() })).default([]),
  channel_ids: z.array(z.number().int()).default([1]),
  segment_ids: z.array(z.string()).default([]),
  addresses: z
    .array(
      z.object({
        first_name: z.string(),
        last_name: z.string(),
        company: z.string().default(''),
        address1: z.string(),
        address2: z.string().default(''),
        city: z.string(),
        state_or_province: z.string().default(''),
        postal_code: z.string(),
        country_code: z.string().length(2),
        phone: z.string().default(''),
        address_type: z.enum(['residential', 'commercial']).default('residential'),
      }),
    )
    .default([]),
});
export type CustomerInput = z.input<typeof CustomerInput>;

const COUNTRY_NAMES: Record<string, string> = {
  SE: 'Sweden',
  NO: 'Norway',
  DK: 'Denmark',
  FI: 'Finland',
  DE: 'Germany',
  US: 'United States',
  GB: 'United Kingdom',
};
export const countryName = (iso2: string): string => COUNTRY_NAMES[iso2.toUpperCase()] ?? iso2.toUpperCase();

export function createCustomer(store: Store, raw: CustomerInput, companyId?: number): Customer {
  const input = CustomerInput.parse(raw);
  if (store.customerByEmail(input.email)) throw new BcError(422, 'The email address is already in use.');
  const now = store.now();
  const id = store.next('customer', 1);
  const c: Customer = {
    ...{ id, email: input.email, firstName: input.first_name, lastName: input.last_name, company: input.company },
    ...{ phone: input.phone, notes: input.notes, taxExemptCategory: input.tax_exempt_category },
    customerGroupId: input.customer_group_id,
    addresses: input.addresses.map((a) => ({
      ...a,
      id: store.next('customer_address', 1),
      country: countryName(a.country_code),
    })),
    storeCredit: input.store_credit_amounts.reduce((n, s) => n + cents(s.amount), 0),
    ...{
      channelIds: input.channel_ids,
      acceptsReviewEmails: true,
      shopperProfileId: randomUUID(),
      segmentIds: input.segment_ids,
    },
    ...{ registrationIp: '', created: now, modified: now },
    ...(companyId === undefined ? {} : { companyId }),
  };
  store.customers.set(id, c);
  store.fire('store/customer/created', { type: 'customer', id });
  return c;
}

/** A customer as `GET /v3/customers` prints it; `include` decides the sub-resources [BC-CUS]. */
export function customerJson(c: Customer, include: readonly string[]): Record<string, unknown> {
  const json: Record<string, unknown> = {
    email: c.email,
    first_name: c.firstName,
    last_name: c.lastName,
    company: c.company,
    phone: c.phone,
    registration_ip_address: c.registrationIp,
    notes: c.notes,
    tax_exempt_category: c.taxExemptCategory,
    customer_group_id: c.customerGroupId,
    id: c.id,
    date_modified: rfc3339(c.modified),
    date_created: rfc3339(c.created),
    address_count: c.addresses.length,
    attribute_count: 0,
  };
  if (include.includes('addresses')) {
    json.addresses = c.addresses.map((a) => ({
      first_name: a.first_name,
      last_name: a.last_name,
      address1: a.address1,
      address2: a.address2,
      city: a.city,
      state_or_province: a.state_or_province,
      postal_code: a.postal_code,
      country_code: a.country_code,
      phone: a.phone,
      address_type: a.address_type,
      customer_id: c.id,
      id: a.id,
      country: a.country,
    }));
  }
  if (include.includes('storecredit')) json.store_credit_amounts = [{ amount: v3Money(c.storeCredit) }];
  json.accepts_product_review_abandoned_cart_emails = c.acceptsReviewEmails;
  json.channel_ids = c.channelIds;
  if (include.includes('shopper_profile_id')) json.shopper_profile_id = c.shopperProfileId;
  if (include.includes('segment_ids')) json.segment_ids = c.segmentIds;
  return json;
}
