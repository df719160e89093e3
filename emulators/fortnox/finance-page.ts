import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { create } from './crud.ts';
import { FortnoxError } from './errors.ts';
import { escapeHtml, readBody, send } from './http-util.ts';
import type { ApiResult } from './resource.ts';
import { bookkeep, cancel, credit } from './resources/invoice-actions.ts';
import { bookkeepPayment, invoicePayments } from './resources/invoice-payments.ts';
import type { EmulatorState } from './state.ts';
import type { Tenant } from './tenant.ts';
import { num, type Rec, str } from './values.ts';

function status(inv: Rec): string {
  if (inv.Cancelled === true) return 'Makulerad';
  if (inv.Booked !== true) return 'Ej bokförd';
  if (num(inv.Balance) === 0) return 'Slutbetald';
  if (num(inv.Balance) !== num(inv.Total)) return 'Delbetald';
  return 'Bokförd, obetald';
}

function row(t: Tenant, inv: Rec): string {
  const n = str(inv.DocumentNumber);
  const id = `${t.id}-${n}`;
  const credited = str(inv.CreditInvoiceReference) !== '0';
  const buttons = [
    inv.Booked !== true && inv.Cancelled !== true ? `<button data-act="bookkeep">Bookkeep</button>` : '',
    inv.Booked === true && num(inv.Balance) !== 0
      ? `<input type="number" step="0.01" aria-label="Amount" value="${num(inv.Balance)}"><button data-act="payment">Register payment</button>`
      : '',
    inv.Booked === true && !credited && inv.Credit !== 'true' ? `<button data-act="credit">Credit</button>` : '',
  ].join(' ');
  const kind = inv.Credit === 'true' ? ` (kredit av ${escapeHtml(str(inv.InvoiceReference))})` : '';
  return `<tr id="inv-${id}" data-tenant="${t.id}" data-invoice="${escapeHtml(n)}">
<td>${escapeHtml(n)}${kind}</td><td>${escapeHtml(str(inv.CustomerName))}</td><td>${escapeHtml(str(inv.InvoiceDate))}</td>
<td>${escapeHtml(str(inv.DueDate))}</td><td class="num">${num(inv.Total).toFixed(2)} ${escapeHtml(str(inv.Currency))}</td>
<td class="num balance">${num(inv.Balance).toFixed(2)}</td><td class="status">${status(inv)}${credited ? `, krediterad (${escapeHtml(str(inv.CreditInvoiceReference))})` : ''}</td>
<td>${buttons}</td></tr>`;
}

const SCRIPT = `document.addEventListener('click', async (e) => {
  const b = e.target.closest('button[data-act]'); if (!b) return;
  const tr = b.closest('tr'); const input = tr.querySelector('input');
  b.disabled = true;
  const res = await fetch('/__finance/' + tr.dataset.tenant + '/invoices/' + tr.dataset.invoice + '/' + b.dataset.act, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(b.dataset.act === 'payment' && input ? { amount: Number(input.value) } : {}) });
  const out = await res.json();
  if (!out.ok) { document.getElementById('message').textContent = out.message; b.disabled = false; return; }
  location.reload();
});`;

export function financeHtml(state: EmulatorState): string {
  const sections = [...state.tenants.values()]
    .map((t) => {
      const rows = t.invoices
        .all()
        .map((s) => s.rec)
        .sort((a, b) => num(a.DocumentNumber) - num(b.DocumentNumber))
        .map((inv) => row(t, inv))
        .join('\n');
      return `<section><h2>${escapeHtml(t.name)} <small>(tenant ${t.id})</small></h2>
<table><thead><tr><th>Nr</th><th>Kund</th><th>Fakturadatum</th><th>Förfallodatum</th><th>Total</th><th>Saldo</th><th>Status</th><th></th></tr></thead>
<tbody>${rows || '<tr><td colspan="8">Inga fakturor ännu.</td></tr>'}</tbody></table></section>`;
    })
    .join('\n');
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Fortnox emulator – ekonomi</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1b2b34}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #dde;padding:.35rem .5rem;text-align:left}.num{text-align:right}
#message{color:#b00020;min-height:1.2em}input{width:7rem}</style></head><body>
<h1>Fortnox emulator – ekonomi</h1><p>Play the finance team: book drafts, register payments, credit invoices.</p>
<p id="message" role="alert"></p>${sections}<script>${SCRIPT}</script></body></html>`;
}

const Body = z.object({ amount: z.number().positive().optional(), date: z.string().optional() });
const Action = z.enum(['bookkeep', 'cancel', 'credit', 'payment']);

/** GET / renders the page; POST /__finance/{tenant}/invoices/{n}/{action} runs the action. */
export function financeRouter(state: EmulatorState): express.Router {
  const r = express.Router();
  r.get('/', (_req: Request, res: Response) => send(res, 200, financeHtml(state), 'text/html; charset=utf-8'));
  r.post('/__finance/:tenant/invoices/:n/:action', async (req: Request, res: Response) => {
    const raw = await readBody(req);
    const action = Action.safeParse(req.params.action);
    const body = Body.safeParse(raw.trim() === '' ? {} : JSON.parse(raw));
    const t = state.tenants.get(Number(req.params.tenant));
    if (!action.success || !body.success || !t)
      return send(res, 400, JSON.stringify({ ok: false, message: 'bad request' }), 'application/json');
    const out = runFinanceAction(t, action.data, String(req.params.n), body.data);
    send(res, out.ok ? 200 : out.status, JSON.stringify(out), 'application/json');
  });
  return r;
}

/**
 * What the finance team does in "Fortnox": the finance page and the in-process handle call these,
 * which run the very same rules as the REST API (so a refused action is refused everywhere).
 */
export type FinanceAction = 'bookkeep' | 'cancel' | 'credit' | 'payment';

export interface FinanceOutcome {
  ok: boolean;
  status: number;
  message?: string;
  code?: number;
  result?: Rec;
}

function outcome(run: () => ApiResult): FinanceOutcome {
  try {
    const r = run();
    return { ok: true, status: r.status, ...(r.body ? { result: r.body } : {}) };
  } catch (e) {
    if (e instanceof FortnoxError) return { ok: false, status: e.status, message: e.message, code: e.code };
    throw e;
  }
}

/** Registers (and books) a payment; amount defaults to the open Balance. */
export function registerPayment(t: Tenant, invoiceNumber: string, amount?: number, date?: string): ApiResult {
  const inv = t.invoices.get(invoiceNumber);
  const sum = amount ?? num(inv?.Balance);
  const field = inv?.Currency && inv.Currency !== 'SEK' ? 'AmountCurrency' : 'Amount';
  const made = create(invoicePayments, t, {
    InvoicePayment: {
      InvoiceNumber: Number(invoiceNumber),
      [field]: sum,
      ...(date ? { PaymentDate: date } : {}),
    },
  });
  const pay = made.body?.InvoicePayment;
  const number = pay && typeof pay === 'object' && !Array.isArray(pay) ? String(pay.Number) : '';
  return bookkeepPayment(t, number);
}

export function runFinanceAction(
  t: Tenant,
  action: FinanceAction,
  invoiceNumber: string,
  p: { amount?: number; date?: string } = {},
): FinanceOutcome {
  switch (action) {
    case 'bookkeep':
      return outcome(() => bookkeep(t, invoiceNumber));
    case 'cancel':
      return outcome(() => cancel(t, invoiceNumber));
    case 'credit':
      return outcome(() => credit(t, invoiceNumber));
    case 'payment':
      return outcome(() => registerPayment(t, invoiceNumber, p.amount, p.date));
  }
}
