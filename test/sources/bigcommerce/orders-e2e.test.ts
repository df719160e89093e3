import { expect } from 'chai';
import { DEMO_STORE } from '../../../emulators/bigcommerce/index.ts';
import { saveSetting } from '../../../src/db/settings.repo.ts';
import { type BigCommerceHarness, SWEDISH_GUEST, startBigCommerceHarness } from './harness.ts';

type Rec = Record<string, unknown>;
const rows = (invoice: Rec) => invoice.InvoiceRows as Rec[];

/**
 * A shopper's order reaches Fortnox as an invoice draft: webhook → worker → Fortnox, with the rows,
 * VAT and total the store charged; duplicates add nothing; changes and cancels follow; bad orders
 * park with a message naming the order.
 */
describe('BigCommerce order → Fortnox invoice (end to end)', function () {
  this.timeout(90_000);
  let t: BigCommerceHarness;

  before(async () => {
    t = await startBigCommerceHarness();
  });
  after(async () => t?.stop());

  it('registers our webhooks on connect', () => {
    const hooks = t.bc.snapshot(DEMO_STORE).hooks;
    expect(hooks.map((h) => h.scope)).to.include.members(['store/order/created', 'store/order/refund/created']);
    expect(hooks.every((h) => h.status === 'active')).to.equal(true);
  });

  it('creates one draft with the order’s rows, VAT, discount, shipping and total', async () => {
    const id = t.order({
      lines: [
        { sku: 'KAFFE-500', quantity: 2 },
        { sku: 'MUGG-01', quantity: 1 },
      ],
      coupon_code: 'KAFFE50',
    });
    const invoice = await t.invoiceFor(id);
    const order = t.bc.orderJson(DEMO_STORE, id);
    expect(invoice.Booked).to.equal(false);
    expect(invoice.VATIncluded).to.equal(true);
    expect(invoice.YourOrderNumber).to.equal(String(id));
    expect(invoice.Currency).to.equal('SEK');
    expect(
      rows(invoice).map((r) => [r.ArticleNumber || null, Number(r.DeliveredQuantity), r.Price, r.VAT]),
    ).to.deep.equal([
      ['KAFFE-500', 2, 89, 12],
      ['MUGG-01', 1, 149, 25],
      [null, 1, -28.58, 12],
      [null, 1, -21.42, 25],
      [null, 1, 49, 25],
    ]);
    expect(Number(invoice.Total)).to.be.closeTo(Number(order.total_inc_tax), 0.5);
    expect(Number(invoice.Total)).to.equal(326);
  });

  it('the same webhook twice, and the poll seeing the order again, still make one invoice', async () => {
    const id = t.order();
    await t.invoiceFor(id);
    await t.settled();
    for (const d of t.bc.webhooks
      .deliveries()
      .filter((x) => x.outcome === 'delivered')
      .slice(-3))
      t.bc.webhooks.redeliver(d.id);
    await t.settled();
    expect(t.invoicesFor(id)).to.have.length(1);
  });

  it('a change before booking updates the draft', async () => {
    const id = t.order();
    await t.invoiceFor(id);
    const store = t.bc.store(DEMO_STORE);
    const o = store.order(id)!;
    o.lines[0]!.quantity = 5;
    o.modified = store.now();
    store.fire('store/order/updated', { type: 'order', id }, o.channelId);
    await t.h.until(() => Number(rows(t.invoicesFor(id)[0]!)[0]?.DeliveredQuantity) === 5, 'the draft to follow');
    expect(t.invoicesFor(id)).to.have.length(1);
  });

  it('a cancelled order cancels its draft', async () => {
    const id = t.order();
    await t.invoiceFor(id);
    t.bc.cancel(DEMO_STORE, id);
    await t.h.until(() => t.invoicesFor(id)[0]?.Cancelled === true, 'the draft to be cancelled');
  });

  // A paid checkout's card payment is registered once the invoice is booked (the company's KORT mode,
  // no setting needed), so a booked invoice may show Paid a moment later.
  const bookedOrPaid = (id: number) =>
    t.h.until(() => ['Booked', 'Paid'].includes(String(t.shown(id)?.status)), `order ${id} to show Booked or Paid`);

  it('a cancel after booking credits the invoice when the setting allows it', async () => {
    await saveSetting(t.h.db.pool, 'onUnwon', 'cancel_or_credit');
    try {
      const id = t.order();
      const invoice = await t.invoiceFor(id);
      await t.shows(id, 'Draft');
      expect(t.h.stack.fortnox.finance(1001, 'bookkeep', String(invoice.DocumentNumber)).ok).to.equal(true);
      await bookedOrPaid(id);
      t.bc.cancel(DEMO_STORE, id);
      await t.shows(id, 'Credited');
      expect(String(t.invoicesFor(id)[0]?.CreditInvoiceReference ?? '0')).to.not.equal('0');
    } finally {
      await saveSetting(t.h.db.pool, 'onUnwon', 'cancel_drafts_only');
    }
  });

  it('a refund of one line of a booked invoice becomes a credit invoice for that line, against it', async () => {
    const id = t.order({
      lines: [
        { sku: 'KAFFE-500', quantity: 2 },
        { sku: 'MUGG-01', quantity: 1 },
      ],
    });
    const invoice = await t.invoiceFor(id);
    // Fortnox credits booked invoices only; a refund of a draft waits for the booking (the sink's rule).
    await t.shows(id, 'Draft');
    expect(t.h.stack.fortnox.finance(1001, 'bookkeep', String(invoice.DocumentNumber)).ok).to.equal(true);
    await bookedOrPaid(id);
    const mug = t.bc
      .store(DEMO_STORE)
      .order(id)!
      .lines.find((l) => l.sku === 'MUGG-01')!;
    t.bc.refund(DEMO_STORE, { order_id: id, lines: [{ order_product_id: mug.id, quantity: 1 }] });
    const credits = () =>
      [...t.h.stack.fortnox.tenant(1001).invoices.rows.values()]
        .map((r) => r.rec as Rec)
        .filter((r) => r.Credit === 'true' && String(r.InvoiceReference) === String(invoice.DocumentNumber));
    await t.h.until(() => credits().length > 0, 'the credit invoice');
    await t.settled();
    const [credit] = credits();
    expect(credits()).to.have.length(1);
    expect(rows(credit!).map((r) => [r.ArticleNumber, Number(r.DeliveredQuantity), r.Price])).to.deep.equal([
      ['MUGG-01', -1, 149],
    ]);
    expect(Number(credit!.Total)).to.equal(-149);
  });

  it('an abandoned checkout (Incomplete) and an unpaid order make no invoice', async () => {
    const abandoned = t.order({ status_id: 0 });
    const unpaid = t.order({ payment: undefined });
    await t.settled();
    expect(t.invoicesFor(abandoned)).to.have.length(0);
    expect(t.invoicesFor(unpaid)).to.have.length(0);
  });

  it('an order without a billing address needs attention, naming the order', async () => {
    const id = t.order({ billing_address: { email: 'x@example.se' }, shipping_address: SWEDISH_GUEST });
    await t.h.until(async () => (await t.ledger(id))?.state === 'needs_attention', 'the order to be parked');
    expect((await t.ledger(id))?.error_message).to.contain(`Order #${id} has no billing address`);
    expect(t.invoicesFor(id)).to.have.length(0);
  });

  it('an order in an unknown currency needs attention, naming the order', async () => {
    const id = t.order({ default_currency_code: 'XXQ' });
    await t.h.until(async () => (await t.ledger(id))?.state === 'needs_attention', 'the order to be parked');
    expect((await t.ledger(id))?.error_message).to.contain(`Order #${id} is in the currency “XXQ”`);
  });
});
