import { expect } from 'chai';
import type { WooCommerceEmulator } from '../../../emulators/woocommerce/index.ts';
import { admin, at, start } from './helpers.ts';

/** Orders as WooCommerce keeps them: money, taxes (OSS, VAT-exempt), lists and filters, refunds, write-back. */

type Json = Record<string, unknown>;
const line = (o: Json, i = 0): Json => (o.line_items as Json[])[i] ?? {};

describe('WooCommerce emulator: orders', () => {
  let emu: WooCommerceEmulator;
  beforeEach(async () => {
    emu = await start();
  });
  afterEach(async () => {
    await emu.close();
  });

  it('mixes money as the API does: 2-decimal strings, a numeric line price, unrounded per-rate taxes', async () => {
    const o = (
      await admin(emu, 'POST', '/orders', {
        billing: { country: 'SE' },
        line_items: [{ sku: 'KAFFE-500', quantity: 3 }],
        set_paid: true,
      })
    ).json as Json;
    const l = line(o);
    // 129 kr incl. 12 % → 115.178571… net each; the tax line keeps what the rounded strings lose.
    expect(l).to.include({ subtotal: '345.54', total: '345.54', total_tax: '41.46' });
    expect(l.price).to.be.a('number').and.be.closeTo(115.178571, 1e-6);
    expect(at(l, 'taxes', 0, 'total')).to.equal('41.464286');
    expect(o).to.include({ total: '387.00', total_tax: '41.46', prices_include_tax: true, currency: 'SEK' });
    const precise = (await admin(emu, 'GET', `/orders/${o.id}?dp=3`)).json as Json;
    expect(line(precise).subtotal).to.equal('345.536');
  });

  it('charges a German private buyer German VAT on the net price (OSS), and an EU business with a VAT number none', async () => {
    const oss = emu.checkout({ buyer: 'de-private', items: [{ sku: 'ESP-1' }], shipping: false });
    expect(at(oss, 'tax_lines', 0)).to.include({ rate_code: 'DE-MWST-1', label: 'MwSt', tax_total: '683.24' });
    expect(oss.total).to.equal('4279.24'); // 4495 incl. 25 % → 3596 net → + 19 %
    const b2b = emu.checkout({ buyer: 'de-company', items: [{ sku: 'ESP-1' }], shipping: false });
    expect(b2b).to.include({ total: '3596.00', total_tax: '0.00' });
    expect(b2b.tax_lines).to.deep.equal([]);
    expect((b2b.meta_data as Json[]).map((m) => m.key)).to.include.members(['_billing_vat_number', 'is_vat_exempt']);
  });

  it('pages with X-WP-Total, X-WP-TotalPages and Link, and refuses more than 100 per page', async () => {
    for (let i = 0; i < 12; i++) emu.checkout({ items: [{ sku: 'KAFFE-500' }] });
    const first = await admin(emu, 'GET', '/orders?per_page=5');
    expect(first.headers.get('x-wp-total')).to.equal('12');
    expect(first.headers.get('x-wp-totalpages')).to.equal('3');
    expect(first.headers.get('link')).to.match(/page=2>; rel="next"$/);
    const second = await admin(emu, 'GET', '/orders?per_page=5&page=2');
    expect(second.headers.get('link')).to.match(/page=1>; rel="prev", <.*page=3>; rel="next"/);
    const ids = [...(first.json as Json[]), ...(second.json as Json[])].map((o) => o.id as number);
    expect(ids).to.deep.equal([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).to.equal(10);
    const tooMany = await admin(emu, 'GET', '/orders?per_page=101');
    expect(tooMany.status).to.equal(400);
    expect(tooMany.json).to.deep.include({ code: 'rest_invalid_param', message: 'Invalid parameter(s): per_page' });
  });

  it('filters on modified_after (site-local, or GMT with dates_are_gmt) and on status', async () => {
    const old = emu.checkout({ items: [{ sku: 'KAFFE-500' }], paymentMethod: 'bacs' });
    emu.advanceClock(3_660_000);
    const fresh = emu.checkout({ items: [{ sku: 'ESP-1' }] });
    const since = (q: string) => admin(emu, 'GET', `/orders?${q}`).then((a) => (a.json as Json[]).map((o) => o.id));
    expect(await since(`modified_after=${old.date_modified}`)).to.deep.equal([fresh.id]);
    expect(await since(`modified_after=${old.date_modified_gmt}&dates_are_gmt=true`)).to.deep.equal([fresh.id]);
    emu.setStatus(Number(old.id), 'processing');
    expect(await since(`modified_after=${old.date_modified_gmt}&dates_are_gmt=true`)).to.have.members([
      fresh.id,
      old.id,
    ]);
    expect(await since('status=on-hold')).to.deep.equal([]);
    expect(await since('status[]=processing&status[]=completed')).to.have.members([fresh.id, old.id]);
    expect((await admin(emu, 'GET', '/orders?status=shipped')).status).to.equal(400);
  });

  it('refunds by the rules: not above what is left, only through a gateway that refunds, full refund → refunded', async () => {
    const card = emu.checkout({ items: [{ sku: 'ESP-1' }], shipping: false });
    const over = await admin(emu, 'POST', `/orders/${card.id}/refunds`, { amount: '4495.01' });
    expect(over.status).to.equal(500);
    expect(over.json).to.deep.include({
      code: 'woocommerce_rest_cannot_create_order_refund',
      message: 'Invalid refund amount.',
    });
    const negative = await admin(emu, 'POST', `/orders/${card.id}/refunds`, { amount: '-1' });
    expect(negative.status).to.equal(400);
    const bank = emu.checkout({ items: [{ sku: 'ESP-1' }], paymentMethod: 'bacs' });
    const viaGateway = await admin(emu, 'POST', `/orders/${bank.id}/refunds`, { amount: '10' });
    expect(viaGateway.json).to.deep.include({
      message: 'The payment gateway for this order does not support automatic refunds.',
    });
    expect((await admin(emu, 'GET', `/orders/${bank.id}/refunds`)).json).to.deep.equal([]);
    const l = line(card);
    const taxes = (l.taxes as Json[]).map((t) => ({ id: t.id, refund_total: Number(t.total) }));
    const byLine = await admin(emu, 'POST', `/orders/${card.id}/refunds`, {
      line_items: [{ id: l.id, quantity: 1, refund_total: Number(l.total), refund_tax: taxes }],
    });
    expect(byLine.status).to.equal(201);
    expect(byLine.json).to.deep.include({ amount: '4495.00', refunded_payment: true });
    expect(at(byLine.json, 'line_items', 0)).to.include({ quantity: -1, total: '-3596.00', price: -3596 });
    const after = (await admin(emu, 'GET', `/orders/${card.id}`)).json as Json;
    expect(after.status).to.equal('refunded');
    expect(at(after, 'refunds', 0, 'total')).to.equal('-4495.00');
  });

  it('keeps what an integration writes back: meta by key (replaced, not duplicated) and notes', async () => {
    const o = emu.checkout({ items: [{ sku: 'KAFFE-500' }] });
    for (const value of ['1041', '1042']) {
      const put = await admin(emu, 'PUT', `/orders/${o.id}`, {
        meta_data: [{ key: '_fortnox_invoice_number', value }],
      });
      expect(put.status).to.equal(200);
    }
    const note = await admin(emu, 'POST', `/orders/${o.id}/notes`, { note: 'Fortnox invoice 1042 (draft)' });
    expect(note.status).to.equal(201);
    expect(note.json).to.include({ author: 'system', customer_note: false, note: 'Fortnox invoice 1042 (draft)' });
    const meta = ((await admin(emu, 'GET', `/orders/${o.id}`)).json as Json).meta_data as Json[];
    expect(meta.filter((m) => m.key === '_fortnox_invoice_number').map((m) => m.value)).to.deep.equal(['1042']);
    const notes = (await admin(emu, 'GET', `/orders/${o.id}/notes`)).json as Json[];
    expect(notes[0]?.note).to.equal('Fortnox invoice 1042 (draft)');
    expect(
      notes.some((n) => String(n.note).startsWith('Order status changed from Pending payment to Processing')),
    ).to.equal(true);
    expect(emu.writtenBack(Number(o.id))).to.deep.equal({
      meta: { _fortnox_invoice_number: '1042' },
      notes: [{ note: 'Fortnox invoice 1042 (draft)', customer_note: false }],
    });
    expect((await admin(emu, 'POST', `/orders/${o.id}/notes`, {})).status).to.equal(400);
  });

  it('makes WooCommerce Subscriptions renewal orders (created_via, _subscription_renewal; configurable)', async () => {
    const sub = emu.subscribe({ buyer: 'company', items: [{ sku: 'SUB-KAFFE' }] });
    const renewal = emu.renew(sub.subscriptionId);
    expect(renewal).to.include({ created_via: 'subscription', status: 'processing', parent_id: 0 });
    const keys = (renewal.meta_data as Json[]).map((m) => [m.key, m.value]);
    expect(keys).to.deep.include(['_subscription_renewal', String(sub.subscriptionId)]);
    expect(emu.renew(sub.subscriptionId, 'failed').status).to.equal('failed');
    const hidden = await start({ quirks: { renewalMeta: 'hidden', renewalCreatedVia: 'checkout' } });
    try {
      const s = hidden.subscribe({ items: [{ sku: 'SUB-KAFFE' }] });
      const r = hidden.renew(s.subscriptionId);
      expect(r.created_via).to.equal('checkout');
      expect((r.meta_data as Json[]).some((m) => m.key === '_subscription_renewal')).to.equal(false);
    } finally {
      await hidden.close();
    }
  });

  it('trashes without force (listed only under status=trash), deletes with force, and names bad ids', async () => {
    const o = emu.checkout({ items: [{ sku: 'KAFFE-500' }] });
    expect(((await admin(emu, 'DELETE', `/orders/${o.id}`)).json as Json).status).to.equal('trash');
    expect((await admin(emu, 'GET', '/orders')).json).to.deep.equal([]);
    expect(((await admin(emu, 'GET', '/orders?status=trash')).json as Json[]).map((x) => x.id)).to.deep.equal([o.id]);
    expect((await admin(emu, 'DELETE', `/orders/${o.id}?force=true`)).status).to.equal(200);
    const gone = await admin(emu, 'GET', `/orders/${o.id}`);
    expect(gone.status).to.equal(404);
    expect(gone.json).to.deep.equal({
      code: 'woocommerce_rest_shop_order_invalid_id',
      message: 'Invalid ID.',
      data: { status: 404 },
    });
    const noCustomer = await admin(emu, 'POST', '/orders', { customer_id: 999, line_items: [{ sku: 'ESP-1' }] });
    expect(noCustomer.json).to.deep.include({ code: 'woocommerce_rest_invalid_customer_id' });
  });

  it('fails like WordPress under faults: a fatal error is JSON, commit-then-fail stores the order', async () => {
    emu.injectFault({ kind: 'status', status: 500, pathPrefix: '/wp-json/wc/v3/orders' });
    const fatal = await admin(emu, 'GET', '/orders');
    expect(fatal.status).to.equal(500);
    expect(fatal.json).to.deep.include({ code: 'internal_server_error', data: { status: 500 } });
    emu.injectFault({ kind: 'commit-then-fail', method: 'POST', pathPrefix: '/wp-json/wc/v3/orders' });
    const lost = await admin(emu, 'POST', '/orders', { line_items: [{ sku: 'ESP-1' }] });
    expect(lost.status).to.equal(500);
    expect(((await admin(emu, 'GET', '/orders?status=pending')).json as Json[]).length).to.equal(1);
  });
});
