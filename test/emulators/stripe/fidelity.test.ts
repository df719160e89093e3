import { expect } from 'chai';
import type Stripe from 'stripe';
import type { StripeEmulator } from '../../../emulators/stripe/index.ts';
import { type ShapeOptions, shapeDiff } from '../../helpers/json-shape.ts';
import { fixtureNames, fixturesPresent, loadFixture } from '../../helpers/shared-fixtures.ts';
import { client, payingCustomer, raw, start } from './helpers.ts';

/**
 * Every object in ../shared/fixtures/stripe (the OpenAPI fixtures stripe-mock serves) retrieved from
 * the emulator after the equivalent calls: the same status and JSON shape. The fixtures are generator
 * output, so where one holds a placeholder for a field the SDK types as `T | null` (an object where
 * the state has none, null where it has a value), the path is listed with that reason; every other
 * key, nesting and type must match.
 */

interface Scenario {
  run: (emu: StripeEmulator, stripe: Stripe) => Promise<string>;
  options?: ShapeOptions;
  /** The account's default API version, when the example predates the current one. */
  version?: string;
}

/** A paid subscription invoice: the charge, refund, payment intent and balance transaction scenarios share it. */
async function paidInvoice(stripe: Stripe, emu: StripeEmulator): Promise<Stripe.Invoice> {
  const customer = await payingCustomer(stripe);
  const product = await stripe.products.create({ name: 'T-shirt' });
  const price = await stripe.prices.create({
    currency: 'usd',
    unit_amount: 2000,
    product: product.id,
    recurring: { interval: 'month' },
  });
  const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
  void emu;
  return stripe.invoices.retrieve(String(sub.latest_invoice));
}

async function chargeOf(stripe: Stripe, invoice: Stripe.Invoice): Promise<Stripe.Charge> {
  const payments = await stripe.invoicePayments.list({ invoice: invoice.id ?? '' });
  const pi = await stripe.paymentIntents.retrieve(String(payments.data[0]?.payment.payment_intent));
  return stripe.charges.retrieve(String(pi.latest_charge));
}

/** Address fields are `string | null`; the fixtures' are all null, the equivalent customer has an address. */
const ADDRESS = (at: string): string[] => ['city', 'country', 'line1'].map((k) => `${at}.${k}`);

/** Placeholders of nullable card-payment fields (stripe-node Charge.PaymentMethodDetails.Card). */
const CARD_PLACEHOLDERS = [
  'installments',
  'three_d_secure',
  'wallet',
  'amount_authorized',
  'authorization_code',
  'regulated_status',
  'network_transaction_id',
].map((k) => `$.payment_method_details.card.${k}`);

const SCENARIOS: Record<string, Scenario> = {
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
    // discount, shipping, rendering_options: Customer.discount | null etc.; this customer has none.
    options: {
      nullable: ['$.discount', '$.shipping', '$.invoice_settings.rendering_options', ...ADDRESS('$.address')],
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
    options: {
      nullable: [
        // A manual draft has no parent, due date, effective date or next attempt (all `| null` in Invoice).
        '$.parent',
        '$.due_date',
        '$.effective_at',
        '$.next_payment_attempt',
        '$.from_invoice',
        '$.last_finalization_error',
        '$.shipping_cost',
        '$.shipping_details',
        '$.customer_shipping',
        '$.automatic_tax.liability',
        '$.payment_settings.payment_method_options',
        // The account has a name, the customer an address, the PDF a page size (all `| null`).
        '$.account_name',
        ...ADDRESS('$.customer_address'),
        '$.rendering.pdf.page_size',
        // The fixture has null where the state has an (empty) list: Invoice.total_taxes: Array | null.
        '$.total_taxes',
        '$.total_pretax_credit_amounts',
        '$.lines.data[].taxes',
        '$.lines.data[].pretax_credit_amounts',
        // An invoice-item line: no subscription item, no proration credits; the unit amount is known.
        '$.lines.data[].parent.subscription_item_details',
        '$.lines.data[].parent.invoice_item_details.proration_details.credited_items',
        '$.lines.data[].pricing.unit_amount_decimal',
      ],
    },
  },
  'subscriptions-get': {
    run: async (emu, stripe) =>
      `/v1/subscriptions/${(await paidInvoice(stripe, emu)).parent?.subscription_details?.subscription}`,
    options: {
      nullable: [
        ...[
          'billing_cycle_anchor_config',
          'cancel_at',
          'canceled_at',
          'ended_at',
          'next_pending_invoice_item_invoice',
          'pause_collection',
        ],
        ...[
          'pending_invoice_item_interval',
          'pending_update',
          'transfer_data',
          'trial_end',
          'trial_start',
          'billing_thresholds',
        ],
        ...[
          'managed_payments',
          'automatic_tax.liability',
          'payment_settings.payment_method_options',
          'billing_mode.flexible',
          'payment_settings.save_default_payment_method',
        ],
        // The fixture's latest_invoice is null; this subscription has its first invoice.
        'latest_invoice',
        ...['billing_thresholds', 'price.custom_unit_amount', 'price.transform_quantity'].map(
          (k) => `items.data[].${k}`,
        ),
        // The fixture's plan is a tiered placeholder (amount null); this one is per unit.
        ...['amount', 'amount_decimal', 'product', 'metadata', 'transform_usage'].map((k) => `items.data[].plan.${k}`),
      ].map((p) => `$.${p}`),
      // Billing schedules exist only for subscriptions billed until a date; a plain monthly one has none.
      emptyOk: ['$.billing_schedules'],
    },
  },
  'charges-get': {
    // Since 2022-11-15 a charge lists its refunds only when asked: the fixture is the expanded charge.
    run: async (emu, stripe) =>
      `/v1/charges/${(await chargeOf(stripe, await paidInvoice(stripe, emu))).id}?expand[]=refunds`,
    options: {
      nullable: [
        ...CARD_PLACEHOLDERS,
        // A PaymentIntent charge has no legacy source and no transfer; it has a customer and an intent.
        ...['source', 'transfer_data', 'shipping', 'customer', 'payment_intent', 'calculated_statement_descriptor'].map(
          (k) => `$.${k}`,
        ),
        '$.outcome.network_status',
        '$.outcome.seller_message',
        // The test card's PaymentMethod has no billing name.
        '$.billing_details.name',
      ],
    },
  },
  'refunds-get': {
    run: async (emu, stripe) => {
      const charge = await chargeOf(stripe, await paidInvoice(stripe, emu));
      return `/v1/refunds/${(await stripe.refunds.create({ charge: charge.id, amount: 100 })).id}`;
    },
    // The fixture refunds a bare charge (no intent, customer or card); this one refunds an invoice payment.
    options: { nullable: ['$.balance_transaction', '$.payment_intent', '$.customer', '$.payment_method'] },
  },
  'payment-intents-get': {
    run: async (emu, stripe) =>
      `/v1/payment_intents/${(await chargeOf(stripe, await paidInvoice(stripe, emu))).payment_intent}`,
    options: {
      nullable: [
        ...['automatic_payment_methods', 'canceled_at', 'last_payment_error', 'latest_charge', 'next_action'],
        ...[
          'payment_method_configuration_details',
          'processing',
          'transfer_data',
          'managed_payments',
          'customer',
          'description',
          'payment_method',
          'shipping',
        ],
      ].map((k) => `$.${k}`),
      // An invoice's PaymentIntent carries card options; the fixture's is `{}`.
      extraKeys: ['$.payment_method_options.card'],
    },
  },
  'balance-transactions-get': {
    run: async (emu, stripe) =>
      `/v1/balance_transactions/${(await chargeOf(stripe, await paidInvoice(stripe, emu))).balance_transaction}`,
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
    // The fixture's event has no version and no request; this one came from a request with a key.
    options: { nullable: ['$.api_version', '$.request.id', '$.request.idempotency_key'] },
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
    options: { nullable: ['$.package_dimensions'] },
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
    options: { nullable: ['$.custom_unit_amount', '$.transform_quantity'] },
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
    options: { nullable: ['$.effective_percentage', '$.flat_amount', '$.rate_type'] },
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
    // A percentage coupon has no currency (Coupon.currency: string | null).
    options: { nullable: ['$.currency'] },
  },
};

describe('Stripe emulator fidelity: the OpenAPI fixtures', () => {
  if (!fixturesPresent('stripe')) {
    it('skips: ../shared/fixtures/stripe is absent');
    return;
  }
  for (const name of fixtureNames('stripe')) {
    it(name, async () => {
      const scenario = SCENARIOS[name];
      if (!scenario) throw new Error(`no scenario for fixture ${name}: add one`);
      const fx = loadFixture('stripe', name);
      const emu = await start({
        seedDemo: false,
        accountCurrency: 'usd',
        accountCountry: 'US',
        cardFee: { percent: 0, fixed: 0 },
        ...(scenario.version ? { accountApiVersion: scenario.version } : {}),
      });
      try {
        const path = await scenario.run(emu, client(emu));
        const got = await raw(emu, 'GET', path);
        expect(got.status, JSON.stringify(got.json).slice(0, 300)).to.equal(fx.status);
        expect(shapeDiff(fx.response, got.json, scenario.options)).to.deep.equal([]);
      } finally {
        await emu.close();
      }
    });
  }
});
