import type { PaymentMethod } from './customers.ts';
import { type ApiObject, type Json, newId, type StripeStore } from './store.ts';

/**
 * The objects a card payment leaves behind: the Charge (in the fixture's shape: card details,
 * outcome, billing details), its BalanceTransaction (fee and net, pending until it is available),
 * and the PaymentIntent's state. Money is integer minor units throughout.
 */

export interface Charge extends ApiObject {
  object: 'charge';
  amount: number;
  amount_refunded: number;
  refunded: boolean;
  currency: string;
  customer: string | null;
  payment_intent: string | null;
  payment_method: string | null;
  status: 'succeeded' | 'failed' | 'pending';
  balance_transaction: string | null;
}

const DAY = 86_400;

export function balanceTransaction(
  store: StripeStore,
  o: { amount: number; currency: string; source: string; type: 'charge' | 'refund'; description: string | null },
): ApiObject {
  const { percent, fixed } = store.opts.cardFee;
  const fee = o.type === 'charge' ? Math.round((o.amount * percent) / 100) + fixed : 0;
  const bt: ApiObject = {
    id: newId('txn'),
    object: 'balance_transaction',
    amount: o.amount,
    available_on: store.unix() + 2 * DAY,
    created: store.unix(),
    currency: o.currency,
    description: o.description,
    exchange_rate: null,
    fee,
    fee_details:
      fee === 0
        ? []
        : [
            {
              amount: fee,
              application: null,
              currency: o.currency,
              description: 'Stripe processing fees',
              type: 'stripe_fee',
            },
          ],
    net: o.amount - fee,
    reporting_category: o.type,
    source: o.source,
    status: 'pending',
    type: o.type,
    balance_type: 'payments',
  };
  return store.put(bt);
}

function cardDetails(pm: PaymentMethod, amount: number, declined: boolean): Json {
  return {
    card: {
      amount_authorized: declined ? null : amount,
      authorization_code: declined ? null : String(100000 + (amount % 900000)),
      brand: pm.card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: pm.card.country,
      exp_month: pm.card.exp_month,
      exp_year: pm.card.exp_year,
      extended_authorization: { status: 'disabled' },
      fingerprint: `fp${pm.card.last4}EmulatedCard`,
      funding: pm.card.funding,
      incremental_authorization: { status: 'unavailable' },
      installments: null,
      last4: pm.card.last4,
      mandate: null,
      multicapture: { status: 'unavailable' },
      network: pm.card.brand,
      network_token: { used: false },
      network_transaction_id: declined ? null : `${pm.card.last4}${amount}`,
      overcapture: { maximum_amount_capturable: amount, status: 'unavailable' },
      regulated_status: 'unregulated',
      three_d_secure: null,
      transaction_link_id: null,
      wallet: null,
    },
    type: 'card',
  };
}

export function createCharge(
  store: StripeStore,
  o: {
    amount: number;
    currency: string;
    customer: string | null;
    paymentIntent: string;
    pm: PaymentMethod;
    description: string | null;
  },
): Charge {
  const declined = o.pm.behaviour === 'decline';
  const charge: Charge = {
    id: newId('ch'),
    object: 'charge',
    amount: o.amount,
    amount_captured: declined ? 0 : o.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: null,
      name: null,
      phone: null,
      tax_id: null,
    },
    calculated_statement_descriptor: 'DEMO AB',
    captured: !declined,
    created: store.unix(),
    currency: o.currency,
    customer: o.customer,
    description: o.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: declined ? 'card_declined' : null,
    failure_message: declined ? 'Your card was declined.' : null,
    fraud_details: {},
    livemode: false,
    metadata: {},
    on_behalf_of: null,
    outcome: declined
      ? {
          advice_code: 'try_again_later',
          network_advice_code: null,
          network_decline_code: null,
          network_status: 'declined_by_network',
          reason: 'generic_decline',
          seller_message: 'The bank did not return any further details with this decline.',
          type: 'issuer_declined',
        }
      : {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: 'approved_by_network',
          reason: null,
          seller_message: 'Payment complete.',
          type: 'authorized',
        },
    paid: !declined,
    payment_intent: o.paymentIntent,
    payment_method: o.pm.id,
    payment_method_details: cardDetails(o.pm, o.amount, declined),
    receipt_email: null,
    receipt_number: null,
    receipt_url: `https://pay.stripe.com/receipts/payment/emulated_${o.paymentIntent}`,
    refunded: false,
    review: null,
    shipping: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: declined ? 'failed' : 'succeeded',
    transfer_data: null,
    transfer_group: null,
    source: null,
  };
  store.put(charge);
  if (!declined) {
    const bt = balanceTransaction(store, {
      amount: o.amount,
      currency: o.currency,
      source: charge.id,
      type: 'charge',
      description: o.description,
    });
    charge.balance_transaction = bt.id;
  }
  return charge;
}

export function createPaymentIntent(
  store: StripeStore,
  o: { amount: number; currency: string; customer: string; description: string | null },
): ApiObject {
  const id = newId('pi');
  return store.put({
    id,
    object: 'payment_intent',
    amount: o.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: `${id}_secret_${newId('x').slice(-24)}`,
    confirmation_method: 'automatic',
    created: store.unix(),
    currency: o.currency,
    customer: o.customer,
    description: o.description,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: {},
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    },
    payment_method_types: ['card'],
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
    source: null,
    excluded_payment_method_types: null,
    customer_account: null,
    managed_payments: null,
  });
}
