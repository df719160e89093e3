import type Stripe from 'stripe';
import type { SourceRef } from '../../core/documents.ts';
import { defined } from '../../core/optional.ts';
import type { ShopLine, ShopOrder } from '../shop/order.ts';
import { fromMinor, stripeDay } from './amounts.ts';
import type { StripeSettings } from './config.ts';

/**
 * A Stripe invoice (API version 2025-03-31.basil shape: line `taxes`, `pricing`, invoice
 * `parent`) → the shop order of the shared mapping. Stripe counts in minor units and reports line
 * amounts excluding exclusive taxes; an inclusive tax is inside the amount and taken out here, so
 * rows always go to Fortnox excluding VAT. The tax rate of a line is Stripe's own tax rate object.
 */

export const SYSTEM = 'stripe';

export const stripeRef = (
  connection: string,
  object: 'invoice' | 'customer' | 'refund' | 'credit_note' | 'payment' | 'product',
  id: string,
): SourceRef => ({
  system: SYSTEM,
  connection,
  object,
  id,
});

export type TaxRateLookup = (
  id: string,
) => Promise<{ percentage: number; country: string | null; inclusive: boolean } | undefined>;

interface LineTax {
  amount: number;
  tax_rate_details?: { tax_rate?: string } | null;
}

async function lineOf(line: Stripe.InvoiceLineItem, rates: TaxRateLookup, currency: string): Promise<ShopLine> {
  const minor = (n: number) => fromMinor(n, currency);
  const taxes = ((line as unknown as { taxes?: LineTax[] }).taxes ?? []).filter((t) => t.amount !== 0);
  const rateIds = taxes.map((t) => t.tax_rate_details?.tax_rate).filter((id): id is string => typeof id === 'string');
  const found = await Promise.all(rateIds.map(rates));
  const known = found.length === taxes.length && found.every((r) => r !== undefined);
  const tax = minor(taxes.reduce((s, t) => s + t.amount, 0));
  const inclusive = known && found.some((r) => r!.inclusive);
  const discount = minor((line.discount_amounts ?? []).reduce((s, d) => s + d.amount, 0));
  const gross = minor(line.amount);
  const net = inclusive ? gross - tax : gross;
  const rate = taxes.length === 0 ? 0 : known ? found.reduce((s, r) => s + r!.percentage, 0) : undefined;
  const country = known ? found[0]?.country : undefined;
  const sku = productOf(line);
  return {
    sourceLineId: line.id,
    kind: 'product',
    name: line.description ?? 'Subscription',
    quantity: line.quantity ?? 1,
    net,
    // Stripe's taxes are on the discounted amount; the share before the discount is proportional.
    tax: net - discount === 0 ? tax : (tax * net) / (net - discount),
    netAfter: net - discount,
    taxAfter: tax,
    vatRate: rate,
    ...(country ? { vatCountry: country.toUpperCase() } : {}),
    ...defined({ sku }),
  };
}

/** A Stripe product id as the Fortnox article number its rows and its article share. */
export function articleNumberOf(productId: string): string {
  return productId.replace(/[^A-Za-z0-9+\-/._]/g, '').slice(0, 50);
}

export function productOf(line: Stripe.InvoiceLineItem): string | undefined {
  const pricing = (line as unknown as { pricing?: { price_details?: { product?: unknown } } }).pricing;
  const product = pricing?.price_details?.product;
  return typeof product === 'string' ? articleNumberOf(product) : undefined;
}

export function customerRefOf(connection: string, invoice: Stripe.Invoice): SourceRef {
  const id =
    typeof invoice.customer === 'string' ? invoice.customer : (invoice.customer?.id ?? invoice.id ?? 'unknown');
  return stripeRef(connection, 'customer', id);
}

export async function shopOrderOf(
  connection: string,
  invoice: Stripe.Invoice,
  rates: TaxRateLookup,
  settings: StripeSettings,
): Promise<ShopOrder> {
  const customer =
    typeof invoice.customer === 'object' &&
    invoice.customer !== null &&
    !('deleted' in invoice.customer && invoice.customer.deleted)
      ? (invoice.customer as Stripe.Customer)
      : undefined;
  const address = invoice.customer_address ?? customer?.address ?? null;
  const metadata = customer?.metadata ?? {};
  const pick = (keys: readonly string[]) => keys.map((k) => metadata[k]).find((v) => v !== undefined && v !== '');
  const vat = (invoice.customer_tax_ids ?? []).find((t) => t.type === 'eu_vat')?.value ?? undefined;
  const org = pick(settings.orgNumberMetadataKeys);
  const gln = pick(settings.glnMetadataKeys);
  const wanted =
    settings.trigger === 'invoice.paid'
      ? invoice.status === 'paid'
      : invoice.status === 'paid' || invoice.status === 'open';
  const number = invoice.number ?? invoice.id ?? '';
  const name = invoice.customer_name ?? customer?.name ?? '';
  const isCompany = vat !== undefined || org !== undefined;
  const ref = customerRefOf(connection, invoice);
  return {
    source: stripeRef(connection, 'invoice', invoice.id ?? ''),
    number,
    title: `Invoice ${number}`,
    // Its Swedish day: an invoice finalized at 00:30 on 1 January belongs to the new year.
    date: stripeDay(invoice.effective_at ?? invoice.created),
    currency: invoice.currency.toUpperCase(),
    pricesIncludeVat: false,
    total: fromMinor(invoice.total, invoice.currency),
    active: wanted,
    paymentMethod: 'stripe',
    buyer: {
      customer: ref,
      firstName: isCompany ? '' : name,
      lastName: '',
      company: isCompany ? name : '',
      email: invoice.customer_email ?? customer?.email ?? '',
      phone: invoice.customer_phone ?? '',
      street1: address?.line1 ?? '',
      street2: address?.line2 ?? '',
      postalCode: address?.postal_code ?? '',
      city: address?.city ?? '',
      country: address?.country ?? '',
      ...defined({ vatNumber: vat, organisationNumber: org, gln }),
    },
    lines: await Promise.all(invoice.lines.data.map((l) => lineOf(l, rates, invoice.currency))),
    routing: {
      store: connection,
      channel: invoice.billing_reason ?? 'unknown',
      currency: invoice.currency.toUpperCase(),
      country: (address?.country ?? '').toUpperCase(),
      renewal: invoice.billing_reason === 'subscription_cycle' ? 'yes' : 'no',
    },
    guestCustomer: ref,
  };
}
