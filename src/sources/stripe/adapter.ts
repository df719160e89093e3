import { z } from 'zod';
import type { SourceAdapter } from '../source.ts';
import { STRIPE_CONNECTION, stripeConfig, stripeConfigSchema, stripeSettingsSchema } from './config.ts';
import { STRIPE_CONNECT_PATH } from './connect.ts';
import { openStripe, type StripeRuntimeOptions } from './runtime.ts';
import { invoiceFields } from './writeback.ts';

/**
 * Stripe Billing as a source: subscription invoices (first and renewals) become Fortnox invoices
 * on the chosen payment state, through the same shop mapping as WooCommerce; credit notes and
 * refunds become Fortnox credits against them, paid invoices Fortnox invoice payments.
 */

const words = { document: 'invoice', customer: 'customer', line: 'invoice line' };

export const stripeSource: SourceAdapter = {
  system: 'stripe',
  label: 'Stripe Billing',
  referenceStyle: 'qualified',
  idSchema: z.string().regex(/^(?:in|cus|re|cn|ch|pi|prod)_[A-Za-z0-9]{1,60}$/, 'not a Stripe id'),
  objects: {
    invoice: { role: 'document', words },
    customer: { role: 'customer', words: { ...words, document: 'customer' } },
    credit_note: { role: 'credit', words: { ...words, document: 'credit note', line: 'credit note line' } },
    refund: { role: 'credit', words: { ...words, document: 'refund' } },
    // The payment of an invoice, by the invoice's id.
    payment: {
      role: 'payment',
      words: { ...words, document: 'payment' },
      documentOf: (ref) => ({ ...ref, object: 'invoice' }),
    },
    // A product (setting `products`): its id is the article number its invoice rows name.
    product: { role: 'article', words: { ...words, document: 'product' } },
  },
  settingsSchema: stripeSettingsSchema,
  configSchema: stripeConfigSchema,
  connectionsFromConfig: (config) =>
    stripeConfig(config).STRIPE_SECRET_KEY === undefined ? [] : [{ key: STRIPE_CONNECTION, label: 'Stripe account' }],
  connectPath: STRIPE_CONNECT_PATH,
  documentFields: invoiceFields,
  customerFields: () => undefined,
  // The dashboard's pages; a payment is by its invoice's id. Credit notes and refunds open from their invoice or charge.
  recordUrl: (_connection, ref) => {
    const page = { invoice: 'invoices', payment: 'invoices', customer: 'customers' }[ref.object];
    return page === undefined || !/^(?:in|cus)_/.test(ref.id)
      ? undefined
      : `https://dashboard.stripe.com/${page}/${encodeURIComponent(ref.id)}`;
  },
  open: (services) => openStripe(services, services.sourceOptions?.stripe as StripeRuntimeOptions),
};
