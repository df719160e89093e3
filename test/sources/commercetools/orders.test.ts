import { expect } from 'chai';
import { type CtHarness, ctApi, fedUp, startCtHarness } from './harness.ts';

type Rec = Record<string, unknown>;

/**
 * commercetools orders to Fortnox invoices, end to end: the shop's order and capture produce
 * Messages, the worker's feed reads them, `document.sync` re-reads the order and the Fortnox
 * emulator holds one invoice with the order's rows, VAT and total; its number goes back to the
 * order's syncInfo.
 */
describe('commercetools orders become Fortnox invoices', function () {
  this.timeout(90_000);
  let w: CtHarness;
  before(async () => {
    w = await startCtHarness();
  });
  after(async () => w?.stop());

  it('a paid order becomes one invoice with its rows, VAT rates and total, and the number goes back', async () => {
    const order = w.paidOrder();
    const invoice = await w.invoiceFor(order.id);
    const rows = invoice.InvoiceRows as Rec[];
    expect(
      rows.map((r) => [r.ArticleNumber, Number(r.DeliveredQuantity), Number(r.Price), Number(r.VAT)]),
    ).to.deep.equal([
      ['LIC-PRO', 2, 4900, 25],
      ['KAFFE-500', 1, 89, 12],
    ]);
    expect(invoice).to.include({ YourOrderNumber: order.orderNumber, Currency: 'SEK', VATIncluded: true });
    expect(Number(invoice.Total)).to.equal(9889);
    await w.h.until(
      () => w.ct.syncInfo(order.id).some((s) => s.externalId === String(invoice.DocumentNumber)),
      'the Fortnox number on the order',
    );
    expect(w.ct.syncInfo(order.id)).to.have.length(1);
    expect(w.ct.syncInfo(order.id)[0]?.channel).to.equal('fortnox-sync');
  });

  it('an unpaid order waits; its capture makes the invoice', async () => {
    const order = w.ct.placeOrder({ store: 'se', lines: [{ sku: 'ONB-1', quantity: 1 }] });
    await fedUp(w);
    expect(w.invoicesFor(order.id)).to.have.length(0);
    w.ct.capture(order.id);
    const invoice = await w.invoiceFor(order.id);
    expect(Number(invoice.Total)).to.equal(15000);
  });

  it('a small order carries its shipping as a row at the shipping VAT rate; the total is the order total', async () => {
    const order = w.paidOrder([{ sku: 'KAFFE-500', quantity: 2 }]);
    const invoice = await w.invoiceFor(order.id);
    const rows = invoice.InvoiceRows as Rec[];
    expect(
      rows.map((r) => [r.ArticleNumber ?? null, Number(r.DeliveredQuantity), Number(r.Price), Number(r.VAT)]),
    ).to.deep.equal([
      ['KAFFE-500', 2, 89, 12],
      ['', 1, 49, 25],
    ]);
    expect(rows[1]?.Description).to.equal('Standard');
    expect(Number(invoice.Total)).to.equal((order.taxedPrice?.totalGross.centAmount ?? 0) / 100);
  });

  it('a German store order (EUR, German VAT) parks with Fortnox’s refusal instead of a wrong VAT rate', async () => {
    const order = w.paidOrder([{ sku: 'KAFFE-500', quantity: 2 }], 'de');
    await w.h.until(async () => (await w.ledger(order.id))?.state === 'needs_attention', 'the order to be parked');
    const row = await w.ledger(order.id);
    expect(row?.error_message).to.match(/7/);
    expect(w.invoicesFor(order.id)).to.have.length(0);
  });

  it('a business unit order is invoiced to the company', async () => {
    const order = w.ct.capture(
      w.ct.placeOrder({ store: 'se', businessUnit: 'nordic-tools', lines: [{ sku: 'KONS-H', quantity: 3 }] }).id,
    );
    const invoice = await w.invoiceFor(order.id);
    const customer = w.h.customer(String(invoice.CustomerNumber));
    expect(customer?.Type).to.equal('COMPANY');
    expect(String(customer?.Name)).to.match(/Nordic Tools/i);
  });

  it('an order without tax rates (tax mode Disabled) needs attention, naming the order', async () => {
    const order = w.ct.capture(
      w.ct.placeOrder({ store: 'se', taxMode: 'Disabled', lines: [{ sku: 'LIC-PRO', quantity: 1 }] }).id,
    );
    await w.h.until(async () => (await w.ledger(order.id))?.state === 'needs_attention', 'the order to be parked');
    expect((await w.ledger(order.id))?.error_message).to.equal(
      `The order ${order.orderNumber} has no tax rate on every line (tax mode Disabled), so its VAT is unknown. Set the tax rates in commercetools (or use tax mode Platform) and change the order.`,
    );
    expect(w.invoicesFor(order.id)).to.have.length(0);
  });

  it('an order in a currency Fortnox does not have needs attention', async () => {
    const order = await ctApi<{ id: string; orderNumber: string }>(w.ct, 'POST', 'orders/import', {
      orderNumber: `DKK-${Date.now()}`,
      customerEmail: 'dk@example.dk',
      lineItems: [
        {
          name: { en: 'Kaffe' },
          variant: { sku: 'KAFFE-500' },
          quantity: 1,
          price: { value: { currencyCode: 'DKK', centAmount: 6000 } },
          taxRate: { name: '25 % moms', amount: 0.25, includedInPrice: true, country: 'DK' },
        },
      ],
      totalPrice: { currencyCode: 'DKK', centAmount: 6000 },
      billingAddress: {
        country: 'DK',
        firstName: 'Mette',
        lastName: 'Hansen',
        city: 'København',
        postalCode: '1050',
        streetName: 'Kongens Nytorv',
        streetNumber: '1',
      },
      paymentState: 'Paid',
    });
    await w.h.until(async () => (await w.ledger(order.id))?.state === 'needs_attention', 'the order to be parked');
    expect((await w.ledger(order.id))?.error_message).to.contain('currency DKK is not enabled in Fortnox');
    expect(w.invoicesFor(order.id)).to.have.length(0);
  });
});
