import { escapeHtml, renderPage } from '../kit/index.ts';
import { rowsOf } from './resources/invoices.ts';
import { amount, vatBreakdown } from './resources/vat-breakdown.ts';
import type { EmulatorState } from './state.ts';
import type { Tenant } from './tenant.ts';
import { num, type Rec, str } from './values.ts';
import { voucherSection } from './voucher-html.ts';

/**
 * The finance page a person plays in the demo: every tenant's invoices with their rows, VAT per
 * rate and the finance team's buttons. Invoice rows keep `tr[data-invoice]` with the customer in the
 * second cell (the demo's browser test reads it); the rows' detail is a separate `tr.detail`.
 */

const e = (v: unknown): string => escapeHtml(v);

function status(inv: Rec): string {
  if (inv.Cancelled === true) return 'Makulerad';
  if (inv.Booked !== true) return 'Ej bokförd';
  if (num(inv.Balance) === 0) return 'Slutbetald';
  if (num(inv.Balance) !== num(inv.Total)) return 'Delbetald';
  return 'Bokförd, obetald';
}

function buttons(inv: Rec): string {
  const credited = str(inv.CreditInvoiceReference) !== '0';
  return [
    inv.Booked !== true && inv.Cancelled !== true ? `<button data-act="bookkeep">Bookkeep</button>` : '',
    inv.Booked === true && num(inv.Balance) !== 0
      ? `<input type="number" step="0.01" aria-label="Amount" value="${num(inv.Balance)}"><button data-act="payment">Register payment</button>`
      : '',
    inv.Booked === true && !credited && inv.Credit !== 'true' ? `<button data-act="credit">Credit</button>` : '',
  ].join(' ');
}

function discount(row: Rec): string {
  if (num(row.Discount) === 0) return '';
  return row.DiscountType === 'AMOUNT' ? amount(num(row.Discount)) : `${num(row.Discount)} %`;
}

/** The invoice's rows, its VAT per rate and its totals. */
function detail(inv: Rec): string {
  const rows = rowsOf(inv)
    .map(
      (
        r,
      ) => `<tr><td>${e(r.ArticleNumber)}</td><td>${e(r.Description)}</td><td class="num">${e(r.DeliveredQuantity)} ${e(r.Unit)}</td>
<td class="num">${amount(num(r.Price))}</td><td class="num">${discount(r)}</td><td class="num">${num(r.VAT)} %</td>
<td class="num" data-account>${num(r.AccountNumber)}</td><td class="num">${amount(num(r.Total))}</td></tr>`,
    )
    .join('');
  const vat = vatBreakdown(inv)
    .map((v) => `<li data-vat-rate="${v.rate}">Moms ${v.rate} %: ${amount(v.vat)} (underlag ${amount(v.basis)})</li>`)
    .join('');
  const extras = [
    num(inv.Freight) !== 0 ? `Frakt ${amount(num(inv.Freight))}` : '',
    num(inv.AdministrationFee) !== 0 ? `Fakturaavgift ${amount(num(inv.AdministrationFee))}` : '',
    `Netto ${amount(num(inv.Net))}`,
    `Moms ${amount(num(inv.TotalVAT))}`,
    num(inv.RoundOff) !== 0 ? `Öresavrundning ${amount(num(inv.RoundOff))}` : '',
    `<b>Att betala ${amount(num(inv.Total))} ${e(inv.Currency)}</b>`,
  ].filter(Boolean);
  return `<table class="rows"><thead><tr><th>Artikel</th><th>Benämning</th><th class="num">Antal</th><th class="num">À-pris</th>
<th class="num">Rabatt</th><th class="num">Moms</th><th class="num">Konto</th><th class="num">Summa</th></tr></thead>
<tbody>${rows || '<tr><td colspan="8" class="muted">Inga rader.</td></tr>'}</tbody></table>
<ul class="vat">${vat}</ul><p class="totals">${extras.join(' · ')}</p>`;
}

function invoiceRows(t: Tenant, inv: Rec): string {
  const n = str(inv.DocumentNumber);
  const credited = str(inv.CreditInvoiceReference) !== '0';
  const kind = inv.Credit === 'true' ? ` (kredit av ${e(inv.InvoiceReference)})` : '';
  return `<tr id="inv-${t.id}-${e(n)}" data-tenant="${t.id}" data-invoice="${e(n)}">
<td>${e(n)}${kind}</td><td>${e(inv.CustomerName)}</td><td>${e(inv.InvoiceDate)}</td><td>${e(inv.DueDate)}</td>
<td class="num">${amount(num(inv.Total))} ${e(inv.Currency)}</td><td class="num balance">${amount(num(inv.Balance))}</td>
<td class="status">${status(inv)}${credited ? `, krediterad (${e(inv.CreditInvoiceReference)})` : ''}</td><td>${buttons(inv)}</td></tr>
<tr class="detail" data-detail-of="${t.id}-${e(n)}"><td></td><td colspan="7">${detail(inv)}</td></tr>`;
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

const STYLE = `<style>tr.detail td{border-bottom:2px solid #ccd;padding-top:0}table.rows{margin:2px 0 4px;font-size:13px}
table.rows th{background:#fafafc}ul.vat{margin:2px 0;padding-left:18px;font-size:13px}p.totals{margin:2px 0;font-size:13px}
input[aria-label=Amount]{width:7rem}</style>`;

export function financeHtml(state: EmulatorState): string {
  const sections = [...state.tenants.values()]
    .map((t) => {
      const rows = t.invoices
        .all()
        .map((s) => s.rec)
        .sort((a, b) => num(a.DocumentNumber) - num(b.DocumentNumber))
        .map((inv) => invoiceRows(t, inv))
        .join('\n');
      return `<section><h2>${e(t.name)} <small>(tenant ${t.id})</small></h2>
<table><thead><tr><th>Nr</th><th>Kund</th><th>Fakturadatum</th><th>Förfallodatum</th><th class="num">Total</th><th class="num">Saldo</th><th>Status</th><th></th></tr></thead>
<tbody>${rows || '<tr><td colspan="8">Inga fakturor ännu.</td></tr>'}</tbody></table>${voucherSection(t)}</section>`;
    })
    .join('\n');
  return renderPage({
    title: 'Fortnox emulator – ekonomi',
    subtitle: 'Play the finance team: book drafts, register payments, credit invoices. The page refreshes itself.',
    body: STYLE + sections,
    script: SCRIPT,
    refreshSeconds: 3,
  });
}
