import type { Express, Request, RequestHandler, Response } from 'express';
import { calendarDay } from '../../core/calendar.ts';
import {
  type Mismatch,
  mismatches,
  type ReconcileFilter,
  type ReconcileRow,
  reconcile,
} from '../../db/reconciliation.repo.ts';
import { sourceAdapter } from '../../sources/registry.ts';
import type { DashboardDeps } from '../routes/dashboard-records.ts';
import { escapeHtml, kindWords, money, renderPage, stateBadge } from './layout.ts';

/**
 * `/reconciliation` and `/reconciliation.csv`: finance's month-end check, per day and Fortnox
 * company, of what the sources asked for against the documents we created, with every record that
 * is missing in Fortnox or whose Fortnox total differs from the source's, each linked to its page.
 */

const day = calendarDay('2026-11-30');
const stockholmDay = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });

function parse(query: Record<string, unknown>): { filter: ReconcileFilter; problems: string[] } {
  const now = new Date();
  const problems: string[] = [];
  const pick = (key: 'from' | 'to', label: string, fallback: string): string => {
    const raw = query[key];
    if (raw === undefined || raw === '') return fallback;
    const one = day.safeParse(raw);
    if (one.success) return one.data;
    problems.push(`${label} ${one.error.issues[0]?.message ?? 'is not a date'}`);
    return fallback;
  };
  const from = pick('from', 'From', stockholmDay(new Date(now.getTime() - 30 * 86_400_000)));
  const to = pick('to', 'To', stockholmDay(now));
  const tenant = typeof query.tenant === 'string' && /^[\w-]{1,40}$/.test(query.tenant) ? query.tenant : undefined;
  return { filter: { from, to, ...(tenant ? { tenant } : {}) }, problems };
}

const label = (system: string) => sourceAdapter(system)?.label ?? system;
const REASON: Record<Mismatch['reason'], string> = {
  missing: 'not in Fortnox',
  amount_differs: 'Fortnox total differs',
};

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  // A leading = + - @ would be a formula to a spreadsheet; quote and neutralise it.
  const safe = /^[=+\-@]/.test(s) && Number.isNaN(Number(s)) ? `'${s}` : s;
  return /[",\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
const csv = (rows: unknown[][]) => `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;

function summaryCsv(rows: ReconcileRow[]): string {
  return csv([
    [
      'day',
      'tenant',
      'source',
      'kind',
      'currency',
      'expected',
      'net',
      'vat',
      'gross',
      'in_fortnox',
      'fortnox_gross',
      'missing',
      'differing',
    ],
    ...rows.map((r) => [
      r.day,
      r.tenantId,
      r.system,
      r.kind,
      r.currency,
      r.expected,
      r.net.toFixed(2),
      r.vat.toFixed(2),
      r.gross.toFixed(2),
      r.inFortnox,
      r.fortnoxGross.toFixed(2),
      r.missing,
      r.differing,
    ]),
  ]);
}

function mismatchCsv(rows: Mismatch[]): string {
  return csv([
    [
      'day',
      'tenant',
      'source',
      'kind',
      'record',
      'name',
      'number',
      'state',
      'source_gross',
      'fortnox_number',
      'fortnox_gross',
      'reason',
    ],
    ...rows.map((m) => [
      m.day,
      m.tenantId,
      m.system,
      m.kind,
      m.id,
      m.label,
      m.number,
      m.state,
      m.sourceGross,
      m.fortnoxNumber,
      m.fortnoxGross,
      m.reason,
    ]),
  ]);
}

function page(
  f: ReconcileFilter,
  rows: ReconcileRow[],
  list: Mismatch[],
  tenants: { id: string; name: string | null }[],
  problems: string[],
): string {
  const q = new URLSearchParams({ from: f.from, to: f.to, ...(f.tenant ? { tenant: f.tenant } : {}) }).toString();
  const options = [
    `<option value="">every company</option>`,
    ...tenants.map(
      (t) =>
        `<option value="${escapeHtml(t.id)}"${t.id === f.tenant ? ' selected' : ''}>${escapeHtml(t.name ?? t.id)}</option>`,
    ),
  ].join('');
  const form = `<form method="get" action="/reconciliation" class="filters"><fieldset><legend>Period</legend>
<label>From <input type="date" name="from" value="${escapeHtml(f.from)}"></label><label>To <input type="date" name="to" value="${escapeHtml(f.to)}"></label>
<label>Fortnox company <select name="tenant">${options}</select></label><button type="submit">Show</button></fieldset></form>
<p>Download as CSV: <a href="/reconciliation.csv?${escapeHtml(q)}">totals</a> · <a href="/reconciliation.csv?${escapeHtml(q)}&amp;part=mismatches">mismatches</a></p>`;
  const problemText = problems.length ? `<p class="error" role="alert">${escapeHtml(problems.join('; '))}</p>` : '';
  const summary =
    rows.length === 0
      ? '<p class="muted">No documents in this period.</p>'
      : `<table><caption class="muted">Source amounts as the source reported them; Fortnox amounts as Fortnox answered.</caption><thead><tr><th scope="col">Day</th><th scope="col">Company</th><th scope="col">Source</th><th scope="col">Kind</th>
<th scope="col" class="num">Asked for</th><th scope="col" class="num">Net</th><th scope="col" class="num">VAT</th><th scope="col" class="num">Gross</th>
<th scope="col" class="num">In Fortnox</th><th scope="col" class="num">Fortnox gross</th><th scope="col" class="num">Not in Fortnox</th><th scope="col" class="num">Totals differ</th></tr></thead><tbody>${rows
          .map(
            (
              r,
            ) => `<tr><td>${r.day}</td><td>${escapeHtml(r.tenantId)}</td><td>${escapeHtml(label(r.system))}</td><td>${escapeHtml(kindWords(r.kind))}</td>
<td class="num">${r.expected}</td><td class="num">${money(r.net, r.currency)}</td><td class="num">${money(r.vat, r.currency)}</td><td class="num">${money(r.gross, r.currency)}</td>
<td class="num">${r.inFortnox}</td><td class="num">${money(r.fortnoxGross, r.currency)}</td><td class="num">${r.missing > 0 ? `<strong class="error">${r.missing}</strong>` : 0}</td><td class="num">${r.differing > 0 ? `<strong class="error">${r.differing}</strong>` : 0}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  const mism =
    list.length === 0
      ? '<p class="muted">Every document the sources asked for is in Fortnox with the same total.</p>'
      : `<table><thead><tr><th scope="col">Record</th><th scope="col">Day</th><th scope="col">Company</th><th scope="col">State</th><th scope="col" class="num">Source gross</th><th scope="col">Fortnox</th><th scope="col">Problem</th></tr></thead><tbody>${list
          .map(
            (
              m,
            ) => `<tr><td><a href="/records/${m.id}">${escapeHtml(label(m.system))} ${escapeHtml(m.number ? `#${m.number}` : '')} ${m.label ? `“${escapeHtml(m.label)}”` : ''}</a></td><td>${m.day}</td><td>${escapeHtml(m.tenantId)}</td><td>${stateBadge(m.state)}</td>
<td class="num">${money(m.sourceGross, null)}</td><td>${m.fortnoxNumber ? `${escapeHtml(m.fortnoxNumber)} (${money(m.fortnoxGross, null)})` : '<span class="muted">none</span>'}</td><td>${REASON[m.reason]}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  return renderPage({
    title: 'Reconciliation',
    section: 'reconciliation',
    body: `${form}${problemText}<h2>Totals per day</h2>${summary}<h2>Mismatches</h2>${mism}<p class="muted">Documents made in Fortnox by hand are not ours and are not listed; records still queued (under ten minutes old) are not counted as missing.</p>`,
  });
}

export function registerReconciliationRoutes(app: Express, deps: DashboardDeps, guard: RequestHandler): void {
  app.get('/reconciliation', guard, async (req: Request, res: Response) => {
    const { filter, problems } = parse(req.query as Record<string, unknown>);
    const [rows, list, tenants] = await Promise.all([
      reconcile(deps.pool, filter),
      mismatches(deps.pool, filter, 200),
      deps.pool.query<{ id: string; name: string | null }>(
        'SELECT tenant_id AS id, company_name AS name FROM connections ORDER BY tenant_id',
      ),
    ]);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(page(filter, rows, list, tenants.rows, problems));
  });

  app.get('/reconciliation.csv', guard, async (req: Request, res: Response) => {
    const { filter, problems } = parse(req.query as Record<string, unknown>);
    // A download of another period than the one asked for would pass for the one asked for: refuse it.
    if (problems.length > 0)
      return void res
        .status(400)
        .type('text/plain; charset=utf-8')
        .send(`Nothing to download: ${problems.join('; ')}.`);
    const part = req.query.part === 'mismatches' ? 'mismatches' : 'totals';
    const body =
      part === 'mismatches'
        ? mismatchCsv(await mismatches(deps.pool, filter, 100_000))
        : summaryCsv(await reconcile(deps.pool, filter));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="reconciliation-${part}-${filter.from}-${filter.to}.csv"`,
    );
    res.type('text/csv; charset=utf-8').send(body);
  });
}
