import type Stripe from 'stripe';
import type { StripeEmulator } from '../../../emulators/stripe/index.ts';
import type { ShapeAllowances } from '../../helpers/json-shape.ts';
import { because, PAYMENT_SCENARIOS, paidInvoice } from './fidelity-payments.ts';

/**
 * The calls equivalent to each Stripe fixture, and where a fixture's generator placeholder differs
 * in type from what that state really has (each listed path names its reason and the `| null` type).
 */

export interface Scenario {
  run: (emu: StripeEmulator, stripe: Stripe) => Promise<string>;
  allow?: ShapeAllowances;
  /** The account's default API version, when the example predates the current one. */
  version?: string;
}

/** Address fields are `string | null`; the fixtures' are all null, the equivalent customer has an address. */
const ADDRESS = (at: string): Record<string, string> =>
  because(
    'an address field (string | null): the fixture has null, this customer has an address',
    ...['city', 'country', 'line1'].map((k) => `${at}.${k}`),
  );

export const SCENARIOS: Record<string, Scenario> = {
  ...PAYMENT_SCENARIOS,
  'customers-get': {
    run: async (_emu, stripe) => {
      const customer = await stripe.customers.create({
        address: { line1: '969 Market', city: 'San Francisco', country: 'US' },
      });
      const invoice = await stripe.invoices.create({ customer: customer.id });
      await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 1000, currency: 'usd' });
      await stripe.invoices.finalizeInvoice(invoice.id ?? '');
      return `/v1/customers/${customer.id}`;
    },
    allow: {
      retyped: {
        ...because(
          'Customer.discount/shipping/rendering_options are `| null`: the fixture fills them, this customer has none',
          'discount',
          'shipping',
          'invoice_settings.rendering_options',
        ),
        ...ADDRESS('address'),
      },
    },
  },
  'invoices-get': {
    run: async (_emu, stripe) => {
      const customer = await stripe.customers.create({
        address: { line1: '969 Market', city: 'San Francisco', country: 'US' },
      });
      const invoice = await stripe.invoices.create({ customer: customer.id, currency: 'usd' });
      await stripe.invoiceItems.create({
        customer: customer.id,
        invoice: invoice.id,
        amount: 1000,
        currency: 'usd',
        description: 'My First Invoice Item (created for API docs)',
      });
      return `/v1/invoices/${invoice.id}`;
    },
    allow: {
      retyped: {
        ...because(
          'a manual draft has none of these (all `| null` on Invoice): no parent, due date, effective date, next attempt',
          'parent',
          'due_date',
          'effective_at',
          'next_payment_attempt',
          'from_invoice',
          'last_finalization_error',
          'shipping_cost',
          'shipping_details',
          'customer_shipping',
          'automatic_tax.liability',
          'payment_settings.payment_method_options',
        ),
        ...because('`| null`: the account has a name, the PDF a page size', 'account_name', 'rendering.pdf.page_size'),
        ...ADDRESS('customer_address'),
        ...because(
          'Invoice.total_taxes etc. are `Array | null`: the fixture has null, the state an (empty) list',
          'total_taxes',
          'total_pretax_credit_amounts',
          'lines.data[].taxes',
          'lines.data[].pretax_credit_amounts',
        ),
        ...because(
          'an invoice-item line: no subscription item, no proration credits, a known unit amount (all `| null`)',
          'lines.data[].parent.subscription_item_details',
          'lines.data[].parent.invoice_item_details.proration_details.credited_items',
          'lines.data[].pricing.unit_amount_decimal',
        ),
      },
    },
  },
  'subscriptions-get': {
    run: async (emu, stripe) =>
      `/v1/subscriptions/${(await paidInvoice(stripe, emu)).parent?.subscription_details?.subscription}`,
    allow: {
      retyped: {
        ...because(
          'a plain active monthly subscription has none of these (all `| null` on Subscription)',
          'billing_cycle_anchor_config',
          'cancel_at',
          'canceled_at',
          'ended_at',
          'next_pending_invoice_item_invoice',
          'pause_collection',
          'pending_invoice_item_interval',
          'pending_update',
          'transfer_data',
          'trial_end',
          'trial_start',
          'billing_thresholds',
          'managed_payments',
          'automatic_tax.liability',
          'payment_settings.payment_method_options',
          'billing_mode.flexible',
          'items.data[].billing_thresholds',
          'items.data[].price.custom_unit_amount',
          'items.data[].price.transform_quantity',
        ),
        ...because('`| null`: Stripe answers "off", the fixture null', 'payment_settings.save_default_payment_method'),
        ...because('the fixture has no invoice yet; this subscription has its first', 'latest_invoice'),
        ...because(
          "the fixture's plan is a tiered placeholder (amount null); this one is per unit",
          ...['amount', 'amount_decimal', 'product', 'metadata', 'transform_usage'].map(
            (k) => `items.data[].plan.${k}`,
          ),
        ),
      },
      optional: {
        '$.billing_schedules[]':
          'billing schedules exist only for subscriptions billed until a date; a plain monthly one has none',
      },
    },
  },
  'events-get': {
    // The fixture's plan still has `aggregate_usage`, gone since 2025-03-31.basil: an account on an older default.
    version: '2024-06-20',
    run: async (_emu, stripe) => {
      const product = await stripe.products.create({ name: 'T-shirt' });
      await stripe.prices.create({
        currency: 'usd',
        unit_amount: 2000,
        product: product.id,
        recurring: { interval: 'month' },
      });
      const events = await stripe.events.list({ type: 'plan.created' });
      return `/v1/events/${events.data[0]?.id}`;
    },
    allow: {
      retyped: because(
        "the fixture's event has no version and no request; this one came from a request with an idempotency key",
        'api_version',
        'request.id',
        'request.idempotency_key',
      ),
    },
  },
  'products-get': {
    run: async (_emu, stripe) => {
      const product = await stripe.products.create({
        name: 'T-shirt',
        description: 'Comfortable gray cotton t-shirt',
        default_price_data: { currency: 'usd', unit_amount: 2000 },
      });
      return `/v1/products/${product.id}`;
    },
    allow: { retyped: because('Product.package_dimensions is `| null`: this product has none', 'package_dimensions') },
  },
  'prices-get': {
    run: async (_emu, stripe) => {
      const product = await stripe.products.create({ name: 'T-shirt' });
      const price = await stripe.prices.create({
        currency: 'usd',
        unit_amount: 2000,
        product: product.id,
        recurring: { interval: 'month' },
      });
      return `/v1/prices/${price.id}`;
    },
    allow: {
      retyped: because(
        '`| null` on Price: a plain per-unit price has neither',
        'custom_unit_amount',
        'transform_quantity',
      ),
    },
  },
  'tax-rates-get': {
    run: async (_emu, stripe) => {
      const rate = await stripe.taxRates.create({
        display_name: 'VAT',
        description: 'VAT Germany',
        percentage: 19,
        inclusive: false,
        country: 'DE',
        jurisdiction: 'DE',
        tax_type: 'vat',
      });
      return `/v1/tax_rates/${rate.id}`;
    },
    allow: {
      retyped: because(
        '`| null` on TaxRate: a percentage rate has these set or not',
        'effective_percentage',
        'flat_amount',
        'rate_type',
      ),
    },
  },
  'coupons-get': {
    run: async (_emu, stripe) => {
      const coupon = await stripe.coupons.create({
        percent_off: 25.5,
        duration: 'repeating',
        duration_in_months: 3,
        redeem_by: 2_000_000_000,
        name: '25.5% off',
      });
      return `/v1/coupons/${coupon.id}`;
    },
    allow: { retyped: because('Coupon.currency is `| null`: a percentage coupon has none', 'currency') },
  },
};
