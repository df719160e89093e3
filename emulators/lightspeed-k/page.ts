import express, { type Request, type Response } from 'express';
import { escapeHtml, queryOf, renderPage, send } from '../kit/index.ts';
import { addDays } from './business-day.ts';
import { taxCodeOn } from './catalog.ts';
import { refundable } from './corrections.ts';
import type { Location } from './location.ts';
import { money, sum, toMicro } from './money.ts';
import { PAGE_SCRIPT } from './page-script.ts';
import type { ApiSale } from './sale-json.ts';
import type { LightspeedState } from './state.ts';

/**
 * The till a person plays in the demo (`/`): ring up sales on either register, with a tip, a sale
 * on account for a named customer, a return, then close the day (the Z-report) and watch the day
 * become complete; afterwards correct a closed day. Every button calls `/__control`, so what the
 * page does a test can do too.
 */

export function pageRouter(state: LightspeedState, controlApi: boolean): express.Router {
  const r = express.Router();
  r.get('/', (req: Request, res: Response) => {
    const q = queryOf(req.originalUrl);
    const location = state.location(q.get('location') ? Number(q.get('location')) : undefined);
    send(
      res,
      200,
      renderPage({
        title: `${location.blName} — kassa`,
        subtitle: `Lightspeed Restaurant K-Series emulator · ${state.businessOf(location).businessName} · location ${location.blID}`,
        body: controlApi
          ? body(state, location)
          : '<p>The control API is off, so the till cannot ring anything up.</p>',
        script: PAGE_SCRIPT,
      }),
      'text/html; charset=utf-8',
    );
  });
  return r;
}

function body(state: LightspeedState, location: Location): string {
  const now = state.clock.now();
  const open = state.openDay(location.blID);
  const local = localTime(now, location.timezone);
  const menu = location.catalog.menu
    .map((m) => {
      const code = taxCodeOn(m, open);
      const pct = location.catalog.taxRates.find((t) => t.code === code)?.percent.replace(/\.00$/, '') ?? '?';
      return `<button type="button" class="item" data-sku="${escapeHtml(m.sku)}" data-name="${escapeHtml(m.name)}" data-price="${escapeHtml(m.price)}" data-weighed="${m.weighed ? '1' : ''}">${escapeHtml(m.name)} ${escapeHtml(m.price)}${m.weighed ? '/kg' : ''} <span class="muted">${pct} %</span></button>`;
    })
    .join(' ');
  const registers = location.registers
    .map((r, i) => `<option value="${i + 1}">${escapeHtml(r.deviceName)}</option>`)
    .join('');
  const methods = location.catalog.paymentMethods
    .map((p) => `<option value="${escapeHtml(p.code)}">${escapeHtml(p.name)}</option>`)
    .join('');
  const days = [open, addDays(open, -1), addDays(open, -2)].map((d) => daySection(state, location, d)).join('');
  return `<div id="till" data-location="${location.blID}">
<p>Clock: <strong id="clock">${escapeHtml(local)}</strong> (${escapeHtml(location.timezone)}) · open business day <strong id="open-day">${open}</strong>
 <button type="button" data-advance="900">+15 min</button> <button type="button" data-advance="3600">+1 h</button> <button type="button" data-advance="86400">+1 day</button></p>
<fieldset><legend>Ring up</legend>
<label>Register <select id="register">${registers}</select></label> <label>Staff <input id="staff" value="Kassör" size="10"></label>
<div id="menu">${menu}</div>
<table><thead><tr><th>Item</th><th class="num">Qty</th><th class="num">Amount</th><th></th></tr></thead><tbody id="cart"></tbody>
<tfoot><tr><th>Total</th><th></th><th class="num" id="total">0.00</th><th></th></tr></tfoot></table>
<p><label>Payment <select id="method">${methods}</select></label> <label>Tip <input id="tip" size="6" placeholder="0.00"></label>
<span id="customer" hidden><label>Customer (company) <input id="company" size="24"></label> <label>Org. no. <input id="orgno" size="12"></label></span>
<button type="button" id="ring-up">Ring up</button></p>
</fieldset>
<p><button type="button" id="close-day">Close day ${open}</button> <span class="muted">(Z-report: later sales ring into the next business day; <code>dataComplete</code> turns true ${state.opts.processingDelayMinutes} min after closing)</span></p>
${days}</div>`;
}

function daySection(state: LightspeedState, location: Location, date: string): string {
  const info = state.dayInfo(location.blID, date);
  const sales = state.salesOn(location.blID, date).map((s) => s.sale);
  const at = (iso: string | null): string => (iso === null ? '' : localTime(Date.parse(iso), location.timezone));
  const status = info.dataComplete
    ? `<span class="badge ok">complete</span> since ${at(info.completeAt)}`
    : info.closed
      ? `<span class="badge warn">closed</span> ${at(info.closedAt)}, data complete at ${at(info.completeAt)}`
      : '<span class="badge">open</span>';
  const late = info.lateChanges > 0 ? ` · <span class="badge bad">${info.lateChanges} late change(s)</span>` : '';
  const rows =
    sales.map((s) => saleRow(s, info.closed, refundable(state, s), location.timezone)).join('') ||
    '<tr><td colspan="7" class="muted">no sales</td></tr>';
  return `<h2>Business day ${date}</h2><p class="day-status" id="day-${date}">${status}${late}</p>
<table><thead><tr><th>Sale</th><th>Time</th><th>Register</th><th>Type</th><th class="num">Total</th><th>Payments</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

function saleRow(s: ApiSale, dayClosed: boolean, canReturn: boolean, timeZone: string): string {
  const first = s.payments?.[0];
  const toCash =
    dayClosed &&
    s.type === 'SALE' &&
    !s.cancelled &&
    first !== undefined &&
    first.code !== 'CASH' &&
    first.type === 'NORMAL';
  const total = money(sum(s.salesLines.map((l) => toMicro(l.totalNetAmountWithTax))));
  const pays = (s.payments ?? [])
    .map(
      (p) =>
        `${escapeHtml(p.description)} ${escapeHtml(p.netAmountWithTax)}${p.tip !== '0.00' ? ` (tip ${escapeHtml(p.tip)})` : ''}${p.consumer?.companyName ? ` — ${escapeHtml(p.consumer.companyName)}` : ''}`,
    )
    .join('; ');
  const actions = [
    canReturn
      ? `<button type="button" data-return="${escapeHtml(s.accountFiscId)}">${dayClosed ? 'Correct: refund' : 'Return'}</button>`
      : '',
    toCash
      ? `<button type="button" data-cash="${escapeHtml(s.accountFiscId)}" data-from="${escapeHtml(first.code)}">Correct: paid in cash</button>`
      : '',
  ].join(' ');
  const time = localTime(Date.parse(s.timeClosed), timeZone);
  return `<tr id="sale-${escapeHtml(s.accountFiscId)}"><td>${escapeHtml(s.accountFiscId)}${s.cancelled ? ' <span class="badge bad">cancelled</span>' : ''}</td><td>${time}</td><td>${escapeHtml(s.deviceName)}</td><td>${s.type}</td><td class="num">${total}</td><td>${pays}</td><td>${actions}</td></tr>`;
}

function localTime(epochMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(epochMs);
}
