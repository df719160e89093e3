import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { escapeHtml, readJson, renderPage, send, sendJson } from '../kit/index.ts';
import { Checkout, type ShopLevers, writtenBack } from './control.ts';
import type { Order } from './model.ts';
import { orderTotals } from './pricing.ts';
import { BUYERS, type BuyerPreset, GATEWAYS } from './shop.ts';
import type { WooStore } from './store.ts';
import { money } from './values.ts';

/**
 * The page at `/`: play the shop's side in the demo — place an order as one of the demo buyers,
 * move it to processing or completed, refund a line, cancel, start a subscription and renew it —
 * and see what the integration wrote back (meta and notes added through the API).
 */

const BADGE: Record<string, string> = { processing: 'ok', completed: 'ok', 'on-hold': 'warn', pending: 'warn' };
const h = escapeHtml;

function orderRow(store: WooStore, o: Order): string {
  const t = orderTotals(o);
  const who = o.billing.company || `${o.billing.first_name} ${o.billing.last_name}`;
  const lines = o.lineItems
    .map((i) => {
      const refunded = o.refunds
        .flatMap((r) => store.refunds.get(r)?.lineItems ?? [])
        .filter((r) => r.refundedItemId === i.id)
        .reduce((s, r) => s - r.quantity, 0);
      const left = i.quantity - refunded;
      const button =
        left > 0 && ['processing', 'completed', 'on-hold'].includes(o.status)
          ? ` <button data-act="refund-line" data-item="${i.id}">Refund line</button>`
          : '';
      return `<div>${h(i.name)} × ${i.quantity}${refunded ? ` <span class="muted">(${refunded} refunded)</span>` : ''}${button}</div>`;
    })
    .join('');
  const back = writtenBack(o);
  const wrote = [
    ...Object.entries(back.meta).map(([k, v]) => `<div><code>${h(k)}</code> = ${h(String(v))}</div>`),
    ...back.notes.map((n) => `<div>“${h(n.note)}”</div>`),
  ].join('');
  const actions = [
    ['pending', 'on-hold'].includes(o.status)
      ? '<button data-act="status" data-to="processing">Processing</button>'
      : '',
    ['processing', 'on-hold'].includes(o.status)
      ? '<button data-act="status" data-to="completed">Completed</button>'
      : '',
    ['pending', 'on-hold', 'processing'].includes(o.status)
      ? '<button data-act="status" data-to="cancelled">Cancel</button>'
      : '',
  ].join(' ');
  return `<tr id="order-${o.id}" data-order="${o.id}"><td>#${o.id}<div class="muted">${h(o.createdVia)}</div></td>
<td>${h(who)}<div class="muted">${h(o.billing.country)}</div></td>
<td><span class="badge status ${BADGE[o.status] ?? 'bad'}">${h(o.status)}</span></td>
<td class="num total">${money(t.total)} ${h(o.currency)}<div class="muted">moms ${money(t.totalTax)}</div></td>
<td>${lines}</td><td class="written">${wrote || '<span class="muted">—</span>'}</td><td>${actions}</td></tr>`;
}

function html(store: WooStore): string {
  const products = [...store.products.values()].filter(
    (p) => p.type !== 'variable' && p.sku !== '' && p.status === 'publish',
  );
  const option = (v: string, label: string): string => `<option value="${h(v)}">${h(label)}</option>`;
  const buyers = (Object.keys(BUYERS) as BuyerPreset[]).map((b) => option(b, b)).join('');
  const orders = [...store.orders.values()]
    .sort((a, b) => b.id - a.id)
    .map((o) => orderRow(store, o))
    .join('\n');
  const subs = [...store.subscriptions.values()]
    .map(
      (s) => `<tr id="sub-${s.id}" data-sub="${s.id}"><td>#${s.id}</td><td>#${s.parentOrderId}</td>
<td>${s.renewals.map((r) => `#${r}`).join(', ') || '—'}</td>
<td><button data-act="renew" data-paid="true">Renew (paid)</button> <button data-act="renew" data-paid="failed">Renew (payment fails)</button></td></tr>`,
    )
    .join('');
  const hooks = [...store.webhooks.values()]
    .map(
      (w) =>
        `<tr><td>${w.id}</td><td>${h(w.topic)}</td><td>${h(w.deliveryUrl)}</td><td>${h(w.status)}</td><td class="num">${w.failureCount}</td></tr>`,
    )
    .join('');
  const body = `<fieldset><legend>Place an order</legend><form id="checkout">
<label>Buyer <select name="buyer">${buyers}</select></label>
<label>Product <select name="sku">${products.map((p) => option(p.sku, `${p.name || p.sku} (${p.salePrice || p.regularPrice} kr)`)).join('')}</select></label>
<label>Qty <input name="quantity" type="number" min="1" value="1" style="width:4em"></label>
<label>Payment <select name="paymentMethod">${Object.entries(GATEWAYS)
    .map(([k, v]) => option(k, v))
    .join('')}</select></label>
<label>Coupon <input name="coupon" size="8"></label>
<button type="submit">Place order</button></form></fieldset>
<fieldset><legend>Subscriptions (WooCommerce Subscriptions)</legend>
<form id="subscribe"><label>Buyer <select name="buyer">${buyers}</select></label> <button type="submit">Start coffee subscription</button></form>
<table><thead><tr><th>Subscription</th><th>Parent order</th><th>Renewals</th><th></th></tr></thead><tbody>${subs || '<tr><td colspan="4" class="muted">None yet.</td></tr>'}</tbody></table></fieldset>
<h2>Orders</h2><table><thead><tr><th>Order</th><th>Buyer</th><th>Status</th><th class="num">Total</th><th>Lines</th><th>Written back by the integration</th><th></th></tr></thead>
<tbody>${orders || '<tr><td colspan="7" class="muted">No orders yet.</td></tr>'}</tbody></table>
<h2>Webhooks</h2><table><thead><tr><th>ID</th><th>Topic</th><th>Delivery URL</th><th>Status</th><th class="num">Failures</th></tr></thead>
<tbody>${hooks || '<tr><td colspan="5" class="muted">None registered.</td></tr>'}</tbody></table>`;
  return renderPage({
    title: 'WooCommerce emulator',
    subtitle: 'Demo shop — consumer key ck_demo, REST API under /wp-json/wc/v3/',
    body,
    script: SCRIPT,
    refreshSeconds: store.opts.pageRefreshSeconds,
  });
}

const SCRIPT = `const act = async (path, body) => {
  const res = await fetch('/__shop/' + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const out = await res.json();
  if (!res.ok) { document.getElementById('message').textContent = out.error; return; }
  location.reload();
};
document.getElementById('checkout').addEventListener('submit', (e) => { e.preventDefault(); const f = new FormData(e.target);
  act('checkout', { buyer: f.get('buyer'), paymentMethod: f.get('paymentMethod'), coupon: f.get('coupon') || undefined,
    items: [{ sku: f.get('sku'), quantity: Number(f.get('quantity')) }] }); });
document.getElementById('subscribe').addEventListener('submit', (e) => { e.preventDefault();
  act('subscribe', { buyer: new FormData(e.target).get('buyer'), items: [{ sku: 'SUB-KAFFE' }] }); });
document.addEventListener('click', (e) => { const b = e.target.closest('button[data-act]'); if (!b) return;
  b.disabled = true; const row = b.closest('tr');
  if (b.dataset.act === 'status') act('status', { id: Number(row.dataset.order), status: b.dataset.to });
  if (b.dataset.act === 'refund-line') act('refund-line', { id: Number(row.dataset.order), itemId: Number(b.dataset.item) });
  if (b.dataset.act === 'renew') act('renew', { id: Number(row.dataset.sub), paid: b.dataset.paid === 'true' ? true : 'failed' });
});`;

const Status = z.object({ id: z.number().int(), status: z.enum(['processing', 'completed', 'cancelled']) });
const RefundLine = z.object({ id: z.number().int(), itemId: z.number().int() });
const Renew = z.object({ id: z.number().int(), paid: z.union([z.literal(true), z.literal('failed')]) });

function run(levers: ShopLevers, action: string, value: unknown): boolean {
  const buyer = (b: z.infer<typeof Checkout>) => ({ ...b, buyer: b.buyer as BuyerPreset | undefined });
  if (action === 'checkout') return Boolean(levers.checkout(buyer(Checkout.parse(value))));
  if (action === 'subscribe') return Boolean(levers.subscribe(buyer(Checkout.parse(value))));
  if (action === 'status') {
    const b = Status.parse(value);
    return Boolean(levers.setStatus(b.id, b.status));
  }
  if (action === 'refund-line') {
    const b = RefundLine.parse(value);
    return Boolean(levers.refundLine(b.id, b.itemId));
  }
  if (action === 'renew') {
    const b = Renew.parse(value);
    return Boolean(levers.renew(b.id, b.paid));
  }
  return false;
}

export function shopPage(store: WooStore, levers: ShopLevers): express.Router {
  const r = express.Router();
  r.get('/', (_req: Request, res: Response) => send(res, 200, html(store), 'text/html; charset=utf-8'));
  r.post('/__shop/:action', async (req: Request, res: Response) => {
    const body = await readJson(req);
    try {
      if (!body.ok || !run(levers, String(req.params.action), body.value)) {
        return sendJson(res, 400, { error: 'That is not an action this page knows.' });
      }
      sendJson(res, 200, { ok: true });
    } catch (e) {
      const message = e instanceof z.ZodError ? z.prettifyError(e) : e instanceof Error ? e.message : String(e);
      sendJson(res, 400, { error: message });
    }
  });
  return r;
}
