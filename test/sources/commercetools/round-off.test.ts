import type { Order } from '@commercetools/platform-sdk';
import { expect } from 'chai';
import { saveSetting } from '../../../src/db/settings.repo.ts';
import { type CtHarness, ctApi, startCtHarness } from './harness.ts';

/**
 * The order's total (`taxedPrice.totalGross`, VAT included) checked against Fortnox's: Fortnox
 * rounds an invoice to whole kronor (RoundOff), which is expected and never flagged; a total the
 * rows do not add up to — beyond the tolerance — is shown on the record, naming the order.
 * Imported orders carry their totals as sent, so they can disagree with their own lines.
 */
describe('commercetools order totals against Fortnox, RoundOff within the tolerance', function () {
  this.timeout(90_000);
  let w: CtHarness;
  before(async () => {
    w = await startCtHarness();
    // Tighter than Fortnox's rounding (up to 0.50 kr): the rounding itself must not be what is flagged.
    await saveSetting(w.h.db.pool, 'totalTolerance', 0.05);
  });
  after(async () => w?.stop());

  const importPaid = (orderNumber: string, lineCents: number, grossCents: number) =>
    ctApi<Order>(w.ct, 'POST', 'orders/import', {
      orderNumber,
      // One guest per order: a second guest order with the same e-mail is a customer question of its own.
      customerEmail: `${orderNumber.toLowerCase()}@example.se`,
      store: { key: 'se', typeId: 'store' },
      billingAddress: {
        firstName: 'Eva',
        lastName: 'Berg',
        streetName: 'Kungsgatan 5',
        postalCode: '111 43',
        city: 'Stockholm',
        country: 'SE',
      },
      lineItems: [
        {
          name: { en: 'Kaffe 500 g' },
          variant: { sku: 'KAFFE-500' },
          quantity: 1,
          price: { value: { currencyCode: 'SEK', centAmount: lineCents } },
          taxRate: { name: '12 % moms', amount: 0.12, includedInPrice: true, country: 'SE' },
        },
      ],
      totalPrice: { currencyCode: 'SEK', centAmount: grossCents },
      taxedPrice: {
        totalNet: { currencyCode: 'SEK', centAmount: Math.round(grossCents / 1.12) },
        totalGross: { currencyCode: 'SEK', centAmount: grossCents },
        taxPortions: [
          { rate: 0.12, amount: { currencyCode: 'SEK', centAmount: grossCents - Math.round(grossCents / 1.12) } },
        ],
      },
      paymentState: 'Paid',
      orderState: 'Open',
    });

  const record = async (orderId: string) =>
    (
      await w.h.db.pool.query<{ state: string; error_code: string | null; error_message: string | null }>(
        `SELECT state, error_code, error_message FROM sync_records
        WHERE source_system = 'commercetools' AND source_object = 'order' AND source_id = $1`,
        [orderId],
      )
    ).rows[0];

  /** The record once the sink has stored what Fortnox answered (the invoice exists a moment before). */
  const drafted = async (orderId: string) => {
    await w.h.until(async () => (await record(orderId))?.state === 'draft', `order ${orderId}'s record to be a draft`);
    return record(orderId);
  };

  it('an order of 99.90 kr is invoiced at 100 kr with RoundOff 0.10 and no warning', async () => {
    const order = await importPaid('RO-1', 9990, 9990);
    const invoice = await w.invoiceFor(order.id);
    expect(Number(invoice.Total)).to.equal(100);
    expect(Number(invoice.RoundOff)).to.be.closeTo(0.1, 0.001);
    expect(await drafted(order.id)).to.deep.include({ state: 'draft', error_code: null, error_message: null });
  });

  it('an order whose total is 50 kr more than its lines is flagged with both totals', async () => {
    const order = await importPaid('RO-2', 9990, 14990);
    await w.invoiceFor(order.id);
    const row = await drafted(order.id);
    expect(row?.error_code).to.equal('total_mismatch');
    expect(row?.error_message)
      .to.contain('Fortnox total 99.90 SEK (100.00 after Fortnox')
      .and.contain('the total of order RO-2, 149.90');
  });
});
