import { z } from 'zod';
import { invalid, noSuch, StripeError } from './errors.ts';
import { expand, id, int, mergeMetadata, metadata, parseParams, str } from './params.ts';
import { type ApiObject, type Json, newId, type StripeStore } from './store.ts';

/**
 * Customers (with `tax_ids`, addresses, the invoice settings that pick the card renewals are charged
 * to) and payment methods. Test payment methods work as Stripe's test tokens do: `pm_card_visa`,
 * `pm_card_mastercard`, `pm_card_se` pay; `pm_card_chargeCustomerFail` attaches but every charge is
 * declined; `pm_card_chargeDeclined` is declined when attached.
 */

const Address = z
  .strictObject({
    line1: str.optional(),
    line2: str.optional(),
    city: str.optional(),
    state: str.optional(),
    postal_code: str.optional(),
    country: str.optional(),
  })
  .optional();

const TaxIdData = z.strictObject({ type: z.enum(['eu_vat', 'se_vat', 'no_vat', 'gb_vat', 'ch_vat']), value: str });

export const CustomerParams = z.strictObject({
  email: str.optional(),
  name: str.optional(),
  description: str.optional(),
  phone: str.optional(),
  address: Address,
  metadata,
  payment_method: id.optional(),
  invoice_settings: z.strictObject({ default_payment_method: id.optional(), footer: str.optional() }).optional(),
  tax_exempt: z.enum(['none', 'exempt', 'reverse']).optional(),
  tax_id_data: z.array(TaxIdData).optional(),
  preferred_locales: z.array(str).optional(),
  invoice_prefix: str.optional(),
  balance: int.optional(),
  expand,
});
export type CustomerParams = z.infer<typeof CustomerParams>;

export interface Customer extends ApiObject {
  object: 'customer';
  email: string | null;
  name: string | null;
  address: Json | null;
  metadata: Record<string, string>;
  invoice_prefix: string;
  next_invoice_sequence: number;
  invoice_settings: {
    custom_fields: null;
    default_payment_method: string | null;
    footer: string | null;
    rendering_options: null;
  };
  tax_exempt: string;
  balance: number;
}

export interface PaymentMethod extends ApiObject {
  object: 'payment_method';
  customer: string | null;
  card: { brand: string; last4: string; country: string; exp_month: number; exp_year: number; funding: string };
  /** What happens when it is charged (not part of the API object). */
  behaviour: 'pay' | 'decline';
}

const TEST_CARDS: Record<string, { brand: string; last4: string; country: string; behaviour: 'pay' | 'decline' }> = {
  pm_card_visa: { brand: 'visa', last4: '4242', country: 'US', behaviour: 'pay' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444', country: 'US', behaviour: 'pay' },
  pm_card_se: { brand: 'visa', last4: '0008', country: 'SE', behaviour: 'pay' },
  pm_card_chargeCustomerFail: { brand: 'visa', last4: '0341', country: 'US', behaviour: 'decline' },
};

const address = (a: CustomerParams['address']): Json | null =>
  a
    ? {
        city: a.city ?? null,
        country: a.country ?? null,
        line1: a.line1 ?? null,
        line2: a.line2 ?? null,
        postal_code: a.postal_code ?? null,
        state: a.state ?? null,
      }
    : null;

/** A test token becomes a new PaymentMethod attached to the customer, as `payment_method=pm_card_visa` does. */
export function attachPaymentMethod(store: StripeStore, token: string, customer: string): PaymentMethod {
  const existing = store.get<PaymentMethod>(token, 'payment_method');
  if (existing) {
    existing.customer = customer;
    return existing;
  }
  if (token === 'pm_card_chargeDeclined') {
    throw new StripeError(402, 'card_error', 'Your card was declined.', {
      code: 'card_declined',
      param: '',
      extra: { decline_code: 'generic_decline' },
    });
  }
  const card = TEST_CARDS[token];
  if (!card) throw noSuch('PaymentMethod', token, 'payment_method');
  const pm: PaymentMethod = {
    id: newId('pm'),
    object: 'payment_method',
    billing_details: { address: address({}), email: null, name: null, phone: null, tax_id: null },
    card: {
      brand: card.brand,
      last4: card.last4,
      country: card.country,
      exp_month: 12,
      exp_year: 2034,
      funding: 'credit',
    },
    created: store.unix(),
    customer,
    livemode: false,
    metadata: {},
    type: 'card',
    behaviour: card.behaviour,
  };
  store.put(pm);
  store.emit('payment_method.attached', publicPaymentMethod(pm));
  return pm;
}

export function publicPaymentMethod(pm: PaymentMethod): Json {
  const { behaviour: _b, ...rest } = pm;
  return rest;
}

export function addTaxId(store: StripeStore, customer: string, data: z.infer<typeof TaxIdData>): ApiObject {
  const value = data.value.replace(/\s/g, '').toUpperCase();
  const country = data.type === 'eu_vat' ? value.slice(0, 2).replace('EL', 'GR') : data.type.slice(0, 2).toUpperCase();
  if (data.type === 'eu_vat' && !/^[A-Z]{2}[0-9A-Z]{2,13}$/.test(value)) {
    throw invalid(`Invalid value for eu_vat.`, { code: 'tax_id_invalid', param: 'value' });
  }
  const taxId: ApiObject = {
    id: newId('txi'),
    object: 'tax_id',
    country,
    created: store.unix(),
    customer,
    customer_account: null,
    livemode: false,
    owner: { account: null, application: null, customer, type: 'customer' },
    type: data.type,
    value,
    verification: { status: 'pending', verified_address: null, verified_name: null },
  };
  store.put(taxId);
  store.emit('customer.tax_id.created', taxId);
  return taxId;
}

export const taxIdsOf = (store: StripeStore, customer: string): ApiObject[] =>
  store.all<ApiObject>('tax_id').filter((t) => t.customer === customer);

export function saveCustomer(store: StripeStore, input: unknown, existing?: Customer): Customer {
  const p = parseParams(CustomerParams, input);
  const before = existing ? structuredClone(existing) : undefined;
  const c: Customer = existing ?? {
    id: newId('cus'),
    object: 'customer',
    address: null,
    balance: 0,
    created: store.unix(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: null,
    invoice_prefix: newId('x').slice(-7).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: {},
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
  if (p.email !== undefined) c.email = p.email;
  if (p.name !== undefined) c.name = p.name;
  if (p.description !== undefined) c.description = p.description;
  if (p.phone !== undefined) c.phone = p.phone;
  if (p.address !== undefined) c.address = address(p.address);
  if (p.tax_exempt !== undefined) c.tax_exempt = p.tax_exempt;
  if (p.preferred_locales !== undefined) c.preferred_locales = p.preferred_locales;
  if (p.invoice_prefix !== undefined) c.invoice_prefix = p.invoice_prefix;
  if (p.balance !== undefined) c.balance = p.balance;
  c.metadata = mergeMetadata(c.metadata, p.metadata);
  store.put(c);
  // The same test token as `payment_method` and as the default names the one card it attached.
  const attached = p.payment_method ? attachPaymentMethod(store, p.payment_method, c.id) : undefined;
  const wanted = p.invoice_settings?.default_payment_method;
  if (wanted) {
    c.invoice_settings.default_payment_method =
      wanted === p.payment_method && attached ? attached.id : attachPaymentMethod(store, wanted, c.id).id;
  } else if (attached && !before) c.invoice_settings.default_payment_method = attached.id;
  if (p.invoice_settings?.footer !== undefined) c.invoice_settings.footer = p.invoice_settings.footer;
  for (const t of p.tax_id_data ?? []) addTaxId(store, c.id, t);
  if (before) store.emit('customer.updated', c, changed(before, c));
  else store.emit('customer.created', c);
  return c;
}

/** `previous_attributes`: the top-level fields whose value changed, with their old values. */
export function changed(before: Json, after: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(before)) if (JSON.stringify(v) !== JSON.stringify(after[k])) out[k] = v;
  return out;
}
