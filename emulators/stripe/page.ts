import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { escapeHtml, readJson, renderPage, send, sendJson } from '../kit/index.ts';
import type { Price } from './catalog.ts';
import type { Customer } from './customers.ts';
import type { StripeEvents } from './events.ts';
import { computeTotals } from './invoice-model.ts';
import { latestInvoices, type StripeLevers, subscriptions } from './levers.ts';
import type { StripeStore } from './store.ts';
import { periodEnd } from './subscriptions.ts';

/**
 * The page at `/`: play Stripe's side in the demo — subscribe a customer, move to the next renewal
 * (a new invoice, finalized and charged an hour after it is drafted), pay an open invoice, refund
 * one, issue a credit note — and see what the integration wrote to each invoice's metadata.
 */

const h = escapeHtml;
const kr = (minor: number): string => `${(minor / 100).toFixed(2)} kr`;
const day = (unix: number): string => new Date(unix * 1000).toISOString().slice(0, 10);
const BADGE: Record<string, string> = {
  paid: 'ok',
  active: 'ok',
  open: 'warn',
  draft: 'warn',
  past_due: 'bad',
  incomplete: 'bad',
};

function html(store: StripeStore, events: StripeEvents): string {
  const customers = store.all<Customer>('customer');
  const name = (id: string): string => customers.find((c) => c.id === id)?.name ?? id;
  const prices = store.all<Price>('price').filter((p) => p.recurring !== null && p.active !== false);
  const option = (v: string, label: string): string => `<option value="${h(v)}">${h(label)}</option>`;
  const subs = subscriptions(store)
    .map(
      (s) => `<tr id="sub-${h(s.id)}" data-sub="${h(s.id)}"><td>${h(s.id)}</td><td>${h(name(s.customer))}</td>
<td><span class="badge status ${BADGE[s.status] ?? ''}">${h(s.status)}</span></td><td>${day(periodEnd(s))}</td>
<td>${s.status === 'canceled' ? '' : '<button data-act="renew">Advance to next renewal</button>'}</td></tr>`,
    )
    .join('');
  const invoices = latestInvoices(store)
    .map((inv) => {
      const t = computeTotals(store, inv);
      const paid = inv.status === 'paid';
      const actions = [
        inv.status === 'open' ? '<button data-act="pay">Pay</button>' : '',
        paid ? '<button data-act="refund">Refund</button>' : '',
        paid || inv.status === 'open' ? '<button data-act="credit">Credit note</button>' : '',
      ].join(' ');
      const meta = Object.entries(inv.metadata)
        .map(([k, v]) => `<div><code>${h(k)}</code> = ${h(v)}</div>`)
        .join('');
      return `<tr id="inv-${h(inv.id)}" data-invoice="${h(inv.id)}"><td>${h(inv.number ?? inv.id)}</td><td>${h(name(inv.customer))}</td>
<td>${h(inv.billing_reason)}</td><td><span class="badge status ${BADGE[inv.status] ?? ''}">${h(inv.status)}</span></td>
<td class="num">${kr(t.total)}<div class="muted">moms ${kr(t.totalTaxes.reduce((s, x) => s + x.amount, 0))}</div></td>
<td class="num">${kr(inv.amount_paid)}</td><td class="metadata">${meta || '<span class="muted">—</span>'}</td><td>${actions}</td></tr>`;
    })
    .join('\n');
  const endpoints = events
    .endpoints()
    .map(
      (e) =>
        `<tr><td>${h(e.id)}</td><td>${h(e.url)}</td><td>${h(e.status)}</td><td>${h(e.api_version ?? 'account default')}</td></tr>`,
    )
    .join('');
  const recent = store.events
    .slice(-12)
    .reverse()
    .map((e) => `<li><code>${h(e.type)}</code> <span class="muted">${h(e.id)}</span></li>`)
    .join('');
  const body = `<fieldset><legend>Create a subscription</legend><form id="subscribe">
<label>Customer <select name="customer">${customers.map((c) => option(c.id, c.name ?? c.id)).join('')}</select></label>
<label>Plan <select name="price">${prices.map((p) => option(p.id, `${kr(p.unit_amount)} / ${p.recurring?.interval}`)).join('')}</select></label>
<label><input type="checkbox" name="vat" checked> Swedish VAT 25 %</label>
<button type="submit">Subscribe</button></form></fieldset>
<h2>Subscriptions</h2><table><thead><tr><th>Subscription</th><th>Customer</th><th>Status</th><th>Period ends</th><th></th></tr></thead>
<tbody>${subs || '<tr><td colspan="5" class="muted">None yet.</td></tr>'}</tbody></table>
<h2>Invoices</h2><table><thead><tr><th>Number</th><th>Customer</th><th>Reason</th><th>Status</th><th class="num">Total</th><th class="num">Paid</th><th>Metadata (written back)</th><th></th></tr></thead>
<tbody>${invoices || '<tr><td colspan="8" class="muted">No invoices yet.</td></tr>'}</tbody></table>
<h2>Webhook endpoints</h2><table><thead><tr><th>ID</th><th>URL</th><th>Status</th><th>API version</th></tr></thead>
<tbody>${endpoints || '<tr><td colspan="4" class="muted">None registered.</td></tr>'}</tbody></table>
<h2>Latest events</h2><ul>${recent || '<li class="muted">None yet.</li>'}</ul>`;
  return renderPage({
    title: 'Stripe emulator',
    subtitle: `Test mode — secret key sk_test_demo, API version ${store.opts.accountApiVersion} by default`,
    body,
    script: SCRIPT,
    refreshSeconds: store.opts.pageRefreshSeconds,
  });
}

const SCRIPT = `const act = async (path, body) => {
  const res = await fetch('/__stripe/' + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const out = await res.json();
  if (!res.ok) { document.getElementById('message').textContent = out.error; return; }
  location.reload();
};
document.getElementById('subscribe').addEventListener('submit', (e) => { e.preventDefault(); const f = new FormData(e.target);
  act('subscribe', { customer: f.get('customer'), price: f.get('price'), vat: f.get('vat') === 'on' }); });
document.addEventListener('click', (e) => { const b = e.target.closest('button[data-act]'); if (!b) return;
  b.disabled = true; const row = b.closest('tr');
  if (b.dataset.act === 'renew') act('renew', { id: row.dataset.sub });
  else act(b.dataset.act, { id: row.dataset.invoice });
});`;

const Subscribe = z.object({ customer: z.string(), price: z.string(), vat: z.boolean() });
const ById = z.object({ id: z.string() });

export function stripePage(
  store: StripeStore,
  events: StripeEvents,
  levers: StripeLevers,
  vatRate: () => string | undefined,
): express.Router {
  const r = express.Router();
  r.get('/', (_req: Request, res: Response) => send(res, 200, html(store, events), 'text/html; charset=utf-8'));
  r.post('/__stripe/:action', async (req: Request, res: Response) => {
    const body = await readJson(req);
    const value = body.ok ? body.value : undefined;
    try {
      const action = String(req.params.action);
      if (action === 'subscribe') {
        const b = Subscribe.parse(value);
        levers.subscribe({
          customer: b.customer,
          price: b.price,
          ...(b.vat && vatRate() ? { taxRate: vatRate() } : {}),
        });
      } else if (action === 'renew') levers.renew(ById.parse(value).id);
      else if (action === 'pay') levers.pay(ById.parse(value).id);
      else if (action === 'refund') levers.refund(ById.parse(value).id);
      else if (action === 'credit') levers.creditNote(ById.parse(value).id);
      else return sendJson(res, 400, { error: 'That is not an action this page knows.' });
      sendJson(res, 200, { ok: true });
    } catch (e) {
      sendJson(res, 400, {
        error: e instanceof z.ZodError ? z.prettifyError(e) : e instanceof Error ? e.message : String(e),
      });
    }
  });
  return r;
}
