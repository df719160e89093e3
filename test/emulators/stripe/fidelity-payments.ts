import type Stripe from 'stripe';
import type { StripeEmulator } from '../../../emulators/stripe/index.ts';
import type { Scenario } from './fidelity-scenarios.ts';
import { payingCustomer } from './helpers.ts';

/** The payment side of the Stripe fixtures: one paid subscription invoice and what it leaves behind. */

/** The same reason for several paths (`$.` is prefixed). */
export const because = (reason: string, ...paths: string[]): Record<string, string> =>
  Object.fromEntries(paths.map((p) => [`$.${p}`, reason]));

/** A paid subscription invoice: the charge, refund, payment intent and balance transaction scenarios share it. */
export async function paidInvoice(stripe: Stripe, emu: StripeEmulator): Promise<Stripe.Invoice> {
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

/** Placeholders of nullable card-payment fields (stripe-node Charge.PaymentMethodDetails.Card). */
const CARD_PLACEHOLDERS = because(
  'card details that are `| null`: the fixture fills some and nulls others, a test card the reverse',
  ...['installments', 'three_d_secure', 'wallet', 'amount_authorized', 'authorization_code', 'regulated_status'].map(
    (k) => `payment_method_details.card.${k}`,
  ),
  'payment_method_details.card.network_transaction_id',
);

export const PAYMENT_SCENARIOS: Record<string, Scenario> = {
  'charges-get': {
    // Since 2022-11-15 a charge lists its refunds only when asked: the fixture is the expanded charge.
    run: async (emu, stripe) =>
      `/v1/charges/${(await chargeOf(stripe, await paidInvoice(stripe, emu))).id}?expand[]=refunds`,
    allow: {
      retyped: {
        ...CARD_PLACEHOLDERS,
        ...because(
          'a PaymentIntent charge has no legacy source, transfer or shipping, and has a customer and an intent (`| null`)',
          'source',
          'transfer_data',
          'shipping',
          'customer',
          'payment_intent',
          'calculated_statement_descriptor',
        ),
        ...because(
          'an approved charge has an outcome the fixture leaves null',
          'outcome.network_status',
          'outcome.seller_message',
        ),
        ...because("the test card's PaymentMethod has no billing name", 'billing_details.name'),
      },
    },
  },
  'refunds-get': {
    run: async (emu, stripe) => {
      const charge = await chargeOf(stripe, await paidInvoice(stripe, emu));
      return `/v1/refunds/${(await stripe.refunds.create({ charge: charge.id, amount: 100 })).id}`;
    },
    allow: {
      retyped: because(
        'the fixture refunds a bare charge (no intent, customer or card); this one refunds an invoice payment',
        'balance_transaction',
        'payment_intent',
        'customer',
        'payment_method',
      ),
    },
  },
  'payment-intents-get': {
    run: async (emu, stripe) =>
      `/v1/payment_intents/${(await chargeOf(stripe, await paidInvoice(stripe, emu))).payment_intent}`,
    allow: {
      retyped: because(
        "a succeeded invoice PaymentIntent: the fixture's placeholders are the other side of these `| null` fields",
        'automatic_payment_methods',
        'canceled_at',
        'last_payment_error',
        'latest_charge',
        'next_action',
        'payment_method_configuration_details',
        'processing',
        'transfer_data',
        'managed_payments',
        'customer',
        'description',
        'payment_method',
        'shipping',
      ),
      extra: {
        '$.payment_method_options.card': "an invoice's PaymentIntent carries card options; the fixture's are `{}`",
      },
    },
  },
  'balance-transactions-get': {
    run: async (emu, stripe) =>
      `/v1/balance_transactions/${(await chargeOf(stripe, await paidInvoice(stripe, emu))).balance_transaction}`,
  },
};
