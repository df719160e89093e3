import type { ConsoleRecord, RecordFilter } from '../../db/console-records.repo.ts';
import { SOURCES } from '../../sources/registry.ts';
import { escapeHtml, KINDS, kindWords, money, renderPage, STATES, stateBadge, stateWords, when } from './layout.ts';
import { objectWord, sourceLabel } from './links.ts';

/** The Records page: every record of every source and tenant, searchable, filterable, paged. */

export interface ListedRecord {
  record: ConsoleRecord;
  sourceUrl: string | undefined;
  fortnoxUrl: string | undefined;
}

export interface RecordsPageData {
  filter: RecordFilter;
  rows: ListedRecord[];
  nextHref: string | undefined;
  firstHref: string | undefined;
  /** The page stopped short to stay fast: records changed after this were all looked at. */
  searchedBackTo?: Date | undefined;
  connections: { system: string; key: string; label: string | null }[];
  tenants: { id: string; name: string | null }[];
  problems: string[];
  formToken: string;
  notice: string | undefined;
}

const option = (value: string, label: string, selected: string | undefined): string =>
  `<option value="${escapeHtml(value)}"${selected === value ? ' selected' : ''}>${escapeHtml(label)}</option>`;

function select(name: string, label: string, options: [string, string][], value: string | undefined): string {
  return `<label>${escapeHtml(label)} <select name="${name}">${option('', 'any', value)}${options
    .map(([v, l]) => option(v, l, value))
    .join('')}</select></label>`;
}

function filters(d: RecordsPageData): string {
  const f = d.filter;
  return `<form method="get" action="/records" class="filters" role="search"><fieldset><legend>Find records</legend>
<label>Search <input type="search" name="q" value="${escapeHtml(f.q ?? '')}" placeholder="order number, id, Fortnox number, name" size="36"></label>
${select(
  'system',
  'Source',
  SOURCES.map((s) => [s.system, s.label]),
  f.system,
)}
${select(
  'connection',
  'Connection',
  [...new Set(d.connections.map((c) => c.key))].map((k) => [
    k,
    d.connections.find((c) => c.key === k && c.label)?.label ?? k,
  ]),
  f.connection,
)}
${select(
  'tenant',
  'Fortnox company',
  [
    ...d.tenants.map((t): [string, string] => [t.id, t.name ? `${t.name} (${t.id})` : t.id]),
    ['unrouted', 'none chosen yet'],
  ],
  f.tenant,
)}
${select(
  'state',
  'State',
  STATES.map((s) => [s, stateWords(s)]),
  f.state,
)}
${select(
  'kind',
  'Kind',
  KINDS.map((k) => [k, kindWords(k)]),
  f.kind,
)}
<label>Changed from <input type="date" name="from" value="${escapeHtml(f.from ?? '')}"></label>
<label>to <input type="date" name="to" value="${escapeHtml(f.to ?? '')}"></label>
<button>Find</button> <a href="/records">Clear</a></fieldset></form>`;
}

function recordCell(r: ConsoleRecord, sourceUrl: string | undefined): string {
  const what = `${escapeHtml(objectWord(r.system, r.object))} ${r.label ? `“${escapeHtml(r.label)}”` : ''}`;
  const number = r.number && r.number !== r.label ? ` <span class="muted">${escapeHtml(r.number)}</span>` : '';
  const open = sourceUrl
    ? `<br><a href="${escapeHtml(sourceUrl)}" rel="noopener">Open in ${escapeHtml(sourceLabel(r.system))}</a>`
    : '';
  return `<a href="/records/${r.id}">${what}${number}</a>${open}<br><small class="muted">${escapeHtml(r.sourceId)}</small>`;
}

function row({ record: r, sourceUrl, fortnoxUrl }: ListedRecord): string {
  const amount = r.total !== null ? money(r.total, r.sourceCurrency) : money(r.net, r.sourceCurrency);
  const net = r.total === null && r.net !== null ? ' <small class="muted">excl. VAT</small>' : '';
  const fortnox = r.fortnoxNumber
    ? fortnoxUrl
      ? `<a href="${escapeHtml(fortnoxUrl)}" rel="noopener">${escapeHtml(r.fortnoxNumber)}</a>`
      : escapeHtml(r.fortnoxNumber)
    : '';
  const message = r.errorMessage ? `<br><small>${escapeHtml(r.errorMessage)}</small>` : '';
  return `<tr><td>${escapeHtml(sourceLabel(r.system))}<br><small class="muted">${escapeHtml(r.connection)}</small></td>
<td>${recordCell(r, sourceUrl)}</td><td class="num">${amount}${net}</td><td>${escapeHtml(kindWords(r.kind))}</td>
<td>${r.tenantId === 'unrouted' ? '<span class="muted">none yet</span>' : escapeHtml(r.tenantId)}</td><td>${fortnox}</td>
<td>${stateBadge(r.state)}${message}</td><td>${escapeHtml(when(r.updatedAt))}</td></tr>`;
}

function bulkForm(d: RecordsPageData): string {
  if (d.rows.length === 0) return '';
  const hidden = Object.entries(d.filter)
    .filter(([, v]) => typeof v === 'string' && v !== '')
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  return `<form method="post" action="/records/bulk"><fieldset><legend>Every record matching these filters</legend>
<input type="hidden" name="token" value="${escapeHtml(d.formToken)}">${hidden}
<button name="action" value="retry">Retry all</button>
<label>Reason for skipping <input name="reason" maxlength="300"></label> <button name="action" value="skip">Skip all</button>
<small class="muted">Runs as a job; its progress is on <a href="/records/bulk">Bulk actions</a>.</small></fieldset></form>`;
}

export function renderRecordsPage(d: RecordsPageData): string {
  const problems = d.problems.length
    ? `<p class="error" role="alert">Some filters were ignored: ${escapeHtml(d.problems.join('; '))}</p>`
    : '';
  const table =
    d.rows.length === 0
      ? '<p class="muted">No records match. Try fewer filters, or search by another number.</p>'
      : `<table><caption class="muted">Newest change first</caption><thead><tr><th scope="col">Source</th><th scope="col">Record</th><th scope="col" class="num">Amount</th><th scope="col">Kind</th>
<th scope="col">Fortnox company</th><th scope="col">Fortnox no.</th><th scope="col">State</th><th scope="col">Last change</th></tr></thead><tbody>${d.rows.map(row).join('')}</tbody></table>`;
  const pager = [
    d.firstHref ? `<a href="${escapeHtml(d.firstHref)}">« First page</a>` : '',
    d.nextHref
      ? `<a href="${escapeHtml(d.nextHref)}" rel="next">${d.searchedBackTo ? 'Search older changes »' : 'Next page »'}</a>`
      : '',
  ].join('');
  const short = d.searchedBackTo
    ? `<p class="muted" role="status">Looked through every change back to ${escapeHtml(when(d.searchedBackTo))}; older records may match too.</p>`
    : '';
  return renderPage({
    title: 'Records',
    section: 'records',
    notice: d.notice,
    body: `${filters(d)}${problems}${bulkForm(d)}${table}${short}<p class="pager">${pager}</p>`,
  });
}
