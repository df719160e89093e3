import { expect } from 'chai';
import type Stripe from 'stripe';
import type { ReadContext } from '../../../src/sources/source.ts';
import { fromMinor } from '../../../src/sources/stripe/amounts.ts';
import { stripeSettingsSchema } from '../../../src/sources/stripe/config.ts';
import { shopOrderOf } from '../../../src/sources/stripe/invoice-read.ts';
import { stripeMoneyReaders } from '../../../src/sources/stripe/money-read.ts';

/**
 * Stripe amounts in the currency's own units: öre for SEK, whole yen for JPY (a zero-decimal
 * currency). A yen invoice of ¥5 000 is ¥5 000 in Fortnox, not ¥50.
 */
describe('Stripe amounts by currency', () => {
  const invoice = (currency: string, amount: number) =>
    ({
      id: 'in_1',
      number: 'TK-0001',
      currency,
      total: amount,
      amount_paid: amount,
      status: 'paid',
      created: 1_780_000_000,
      effective_at: 1_780_000_000,
      status_transitions: { paid_at: 1_780_000_000 },
      customer: 'cus_1',
      customer_name: 'Tanaka Shoji KK',
      customer_tax_ids: [],
      billing_reason: 'manual',
      lines: { data: [{ id: 'il_1', amount, quantity: 1, description: 'Licence', taxes: [] }], has_more: false },
    }) as unknown as Stripe.Invoice;

  it('a yen invoice keeps its yen; a krona invoice is in kronor', async () => {
    const settings = stripeSettingsSchema.parse({});
    const rates = async () => undefined;
    const yen = await shopOrderOf('default', invoice('jpy', 5000), rates, settings);
    expect(yen.total).to.equal(5000);
    expect(yen.lines[0]!.net).to.equal(5000);
    const kronor = await shopOrderOf('default', invoice('sek', 37_375), rates, settings);
    expect(kronor.total).to.equal(373.75);
    expect(fromMinor(1_000, 'krw')).to.equal(1_000);
    expect(fromMinor(50_000, 'isk'), 'ISK stays two-decimal in the API').to.equal(500);
  });

  it('a yen payment is registered in yen', async () => {
    const paid = invoice('jpy', 5000);
    const client = {
      invoices: { retrieve: async () => paid },
      invoicePayments: { list: async () => ({ data: [] }) },
    } as unknown as Stripe;
    const readers = stripeMoneyReaders({
      client: () => client,
      rates: () => async () => undefined,
      refundCredited: async () => false,
    });
    const ctx = { connection: { settings: {} } } as unknown as ReadContext;
    const read = await readers.readPayment(ctx, {
      system: 'stripe',
      connection: 'default',
      object: 'payment',
      id: 'in_1',
    });
    expect(read.kind).to.equal('payment');
    expect(read.kind === 'payment' && read.payment).to.include({ amount: 5000, currency: 'JPY' });
  });
});
