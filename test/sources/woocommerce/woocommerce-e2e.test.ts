import { expect } from 'chai';
import { accountRecord } from '../../../emulators/fortnox/resources/settings.ts';
import { saveSetting } from '../../../src/db/settings.repo.ts';
import { saveConnectionSettings } from '../../../src/db/source-connections.repo.ts';
import { startWooHarness, type WooHarness } from './harness.ts';

type Rec = Record<string, unknown>;
const rows = (invoice: Rec) => invoice.InvoiceRows as Rec[];

/**
 * A WooCommerce shop → Fortnox, end to end: a buyer checks out, WooCommerce's webhook reaches the
 * web app, the worker re-reads the order and the Fortnox emulator shows the invoice — once,
 * whatever arrives twice, and never when the data cannot make a correct one.
 */
describe('WooCommerce → Fortnox end to end', function () {
  this.timeout(90_000);
  let w: WooHarness;
  before(async () => {
    w = await startWooHarness();
  });
  after(async () => w?.stop());

  it('a paid order becomes one invoice with its rows, VAT rates and the order total', async () => {
    const id = w.checkout({
      buyer: 'guest',
      items: [{ sku: 'KAFFE-500', quantity: 2 }, { sku: 'ESP-1' }],
      shipping: true,
    });
    const order = w.woo.order(id)!;
    const invoice = await w.invoiceFor(id);
    expect(invoice.YourOrderNumber).to.equal(String(order.number));
    expect(invoice.VATIncluded).to.equal(true);
    expect(Number(invoice.Total)).to.equal(Number(order.total));
    const byArticle = Object.fromEntries(rows(invoice).map((r) => [r.ArticleNumber, r]));
    const facts = (r: Rec | undefined) => ({ quantity: Number(r?.DeliveredQuantity), vat: Number(r?.VAT) });
    expect(facts(byArticle['KAFFE-500'])).to.deep.equal({ quantity: 2, vat: 12 });
    expect(facts(byArticle['ESP-1'])).to.deep.equal({ quantity: 1, vat: 25 });
    expect(facts(byArticle.FRAKT).vat).to.equal(25);
    const customer = w.h.customer(String(invoice.CustomerNumber))!;
    expect(customer.Type).to.equal('PRIVATE');
  });

  it('the same webhook twice and the poller seeing the order again leave one invoice', async () => {
    w.woo.webhooks.dispatcher.setChaos({ duplicate: 1 });
    const id = w.checkout({ buyer: 'guest', items: [{ sku: 'KAFFE-500' }] });
    await w.invoiceFor(id);
    await w.settled();
    await w.poll();
    await w.settled();
    w.woo.webhooks.dispatcher.setChaos({ duplicate: 0 });
    expect(w.invoicesFor(id)).to.have.length(1);
  });

  it('an order whose webhook was never delivered is found by the poller', async () => {
    w.woo.webhooks.dispatcher.setChaos({ drop: 1 });
    const id = w.checkout({ buyer: 'guest', items: [{ sku: 'ESP-1' }] });
    await w.settled();
    w.woo.webhooks.dispatcher.setChaos({ drop: 0 });
    expect(w.invoicesFor(id)).to.have.length(0);
    await w.poll();
    await w.invoiceFor(id);
    expect(w.invoicesFor(id)).to.have.length(1);
  });

  it('forged and unsigned webhooks are refused and change nothing', async () => {
    const id = w.checkout({ buyer: 'guest', items: [{ sku: 'KAFFE-500' }] });
    await w.invoiceFor(id);
    await w.settled();
    const hook = [...w.woo.store.webhooks.values()].find((h) => h.topic === 'order.updated')!;
    w.woo.webhooks.forge(hook.id, id, 'wrong-secret');
    w.woo.webhooks.forge(hook.id, id, 'unsigned');
    w.woo.webhooks.forge(hook.id, id, 'tampered-body');
    await w.settled();
    const forged = w.woo.webhooks.dispatcher.deliveries({ subscription: `forged:${hook.id}` });
    expect(forged.map((d) => d.status)).to.deep.equal([401, 401, 401]);
    expect(w.invoicesFor(id)).to.have.length(1);
  });

  it('a company buyer with a VAT number becomes a company customer with it', async () => {
    const id = w.checkout({ buyer: 'company', items: [{ sku: 'ESP-1' }] });
    const invoice = await w.invoiceFor(id);
    const customer = w.h.customer(String(invoice.CustomerNumber))!;
    expect(customer).to.include({ Type: 'COMPANY', Name: 'Acme Handel AB' });
    expect(String(customer.VATNumber)).to.match(/^SE\d+/);
  });

  it('an EU business with a VAT number is invoiced with reverse charge', async () => {
    const id = w.checkout({ buyer: 'de-company', items: [{ sku: 'ESP-1' }] });
    const invoice = await w.invoiceFor(id);
    const customer = w.h.customer(String(invoice.CustomerNumber))!;
    expect(customer.VATType).to.equal('EUREVERSEDVAT');
    expect(rows(invoice).every((r) => Number(r.VAT) === 0)).to.equal(true);
    // 3 635.20 without VAT; Fortnox's öresutjämning rounds the total to whole kronor (RoundOff).
    expect(Number(invoice.Net)).to.equal(Number(w.woo.order(id)!.total));
    expect(Math.abs(Number(invoice.Total) - Number(w.woo.order(id)!.total))).to.be.below(0.5);
  });

  it('a renewal order of a subscription becomes its own invoice', async () => {
    const { subscriptionId, parentOrderId } = w.woo.subscribe({ buyer: 'guest', items: [{ sku: 'SUB-KAFFE' }] });
    await w.invoiceFor(parentOrderId);
    const renewal = Number(w.woo.renew(subscriptionId, true).id);
    const invoice = await w.invoiceFor(renewal);
    expect(rows(invoice)[0]).to.include({ ArticleNumber: 'SUB-KAFFE' });
    expect(w.invoicesFor(parentOrderId)).to.have.length(1);
  });

  it('a cancelled order cancels its draft', async () => {
    const id = w.checkout({ buyer: 'guest', items: [{ sku: 'KAFFE-500' }] });
    await w.invoiceFor(id);
    await w.settled();
    w.woo.cancel(id);
    await w.settled();
    await w.h.until(() => w.invoicesFor(id)[0]?.Cancelled === true, 'the draft to be cancelled');
  });

  // WooCommerce moves a fully refunded order to `refunded`: its refund record credits it, the order itself stays invoiced.
  for (const onUnwon of ['cancel_drafts_only', 'cancel_or_credit'] as const) {
    it(`a full refund of a booked invoice is credited exactly once (${onUnwon})`, async () => {
      await saveSetting(w.h.db.pool, 'onUnwon', onUnwon);
      try {
        const id = w.checkout({ buyer: 'guest', items: [{ sku: 'KAFFE-500', quantity: 2 }] });
        const number = String((await w.invoiceFor(id)).DocumentNumber);
        await w.settled();
        const booked = w.h.stack.fortnox.finance(1001, 'bookkeep', number);
        if (!booked.ok) throw new Error(`could not book invoice ${number}`);
        // The merchant sets the order to Refunded: WooCommerce refunds what is left.
        w.woo.setStatus(id, 'refunded');
        expect(w.woo.order(id)!.refunds).to.have.length(1);
        const credits = () =>
          [...w.h.stack.fortnox.tenant(1001).invoices.rows.values()]
            .map((r) => r.rec as Rec)
            .filter((i) => i.Credit === 'true' && String(i.InvoiceReference) === number);
        await w.h.until(() => credits().length > 0, 'the refund to be credited');
        await w.settled();
        expect(credits()).to.have.length(1);
        expect(Number(credits()[0]!.Total)).to.equal(-Number(w.woo.order(id)!.total));
        const record = await w.ledger(id);
        expect(record?.state).to.not.equal('needs_attention');
        expect(record?.error_message ?? '').to.not.contain('Credit it in Fortnox');
      } finally {
        await saveSetting(w.h.db.pool, 'onUnwon', 'cancel_drafts_only');
      }
    });
  }

  it('an order without a billing address needs attention, naming the order', async () => {
    const id = w.checkout({
      buyer: 'guest',
      billing: { address_1: '', postcode: '', city: '' },
      items: [{ sku: 'KAFFE-500' }],
    });
    await w.settled();
    const record = await w.ledger(id);
    expect(record?.state).to.equal('needs_attention');
    expect(record?.error_message).to.contain(`Order #${w.woo.order(id)!.number} has no billing address`);
    expect(w.invoicesFor(id)).to.have.length(0);
  });

  it('an OSS sale to an EU private buyer waits for OSS to be set up, with a plain message', async () => {
    const id = w.checkout({ buyer: 'de-private', items: [{ sku: 'ESP-1' }] });
    await w.settled();
    const record = await w.ledger(id);
    expect(record?.state).to.equal('needs_attention');
    expect(record?.error_message).to.contain('One Stop Shop').and.contain('DE');
    expect(w.invoicesFor(id)).to.have.length(0);
  });

  it('with an OSS sales account named but missing in Fortnox, the sale waits saying what to create', async () => {
    await saveConnectionSettings(w.h.db.pool, 'woocommerce', 'default', { ossAccounts: { 'DE:19': 3119 } });
    const id = w.checkout({ buyer: 'de-private', items: [{ sku: 'ESP-1' }] });
    await w.settled();
    const record = await w.ledger(id);
    expect(record?.state).to.equal('needs_attention');
    expect(record?.error_message).to.contain('sales account 3119').and.contain('Create account 3119');
    expect(w.invoicesFor(id)).to.have.length(0);
  });

  it('an OSS sale books its rows on the OSS account at the buyer country’s VAT', async () => {
    await saveConnectionSettings(w.h.db.pool, 'woocommerce', 'default', { ossAccounts: { 'DE:19': 3118 } });
    const account = accountRecord(3118, 'Försäljning OSS Tyskland 19 %', 'OSSDE19');
    w.h.stack.fortnox.tenant(1001).accounts.put('3118', account, 0);
    const id = w.checkout({ buyer: 'de-private', items: [{ sku: 'ESP-1' }] });
    const invoice = await w.invoiceFor(id);
    const products = rows(invoice).filter((r) => Number(r.Price) > 0);
    expect(products.map((r) => [Number(r.VAT), Number(r.AccountNumber)])).to.deep.include([19, 3118]);
    await saveConnectionSettings(w.h.db.pool, 'woocommerce', 'default', {});
  });

  it('pending orders wait; the statuses that invoice are a setting', async () => {
    await saveConnectionSettings(w.h.db.pool, 'woocommerce', 'default', { invoiceStatuses: ['completed'] });
    const id = w.checkout({ buyer: 'guest', items: [{ sku: 'KAFFE-500' }] });
    await w.settled();
    expect(w.invoicesFor(id)).to.have.length(0);
    w.woo.setStatus(id, 'completed');
    await w.invoiceFor(id);
    await saveConnectionSettings(w.h.db.pool, 'woocommerce', 'default', {});
  });
});
