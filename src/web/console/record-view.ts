import type { ConsoleRecord } from '../../db/console-records.repo.ts';
import { escapeHtml, kindWords, money, renderPage, stateBadge, stateWords, when } from './layout.ts';
import { objectWord, sourceLabel } from './links.ts';
import type { JobAttempt, TimelineEvent } from './record-history.ts';

/** One record's page: what it is on both sides, what went wrong and what to do, and its whole history. */

export interface RecordPageData {
  record: ConsoleRecord;
  sourceUrl: string | undefined;
  fortnoxUrl: string | undefined;
  customerNumber: string | null;
  events: TimelineEvent[];
  jobs: JobAttempt[];
  formToken: string;
  notice: string | undefined;
}

export const recordTitle = (r: ConsoleRecord): string => {
  const word = objectWord(r.system, r.object);
  return `${word.charAt(0).toUpperCase()}${word.slice(1)} ${r.label ? `“${r.label}”` : r.sourceId}`;
};

const json = (value: unknown): string => escapeHtml(JSON.stringify(value, null, 2));

function summary(d: RecordPageData): string {
  const r = d.record;
  const link = (href: string | undefined, text: string) =>
    href ? ` · <a href="${escapeHtml(href)}" rel="noopener">${escapeHtml(text)}</a>` : '';
  const rows: [string, string][] = [
    ['Source', `${escapeHtml(sourceLabel(r.system))} (connection ${escapeHtml(r.connection)})`],
    [
      'Source record',
      `${escapeHtml(r.object)} <code>${escapeHtml(r.sourceId)}</code>${link(d.sourceUrl, `Open in ${sourceLabel(r.system)}`)}`,
    ],
    // A customer is known by its name and organisation (or VAT) number; it has no amount.
    ...(r.kind === 'customer'
      ? [
          ['Name in the source', escapeHtml(r.label ?? '')] as [string, string],
          [
            'Organisation or VAT number',
            r.number ? escapeHtml(r.number) : '<span class="muted">none given in the source</span>',
          ] as [string, string],
        ]
      : [
          ['Number', escapeHtml(r.number ?? '')] as [string, string],
          [
            'Amount in the source',
            r.total !== null ? money(r.total, r.sourceCurrency) : money(r.net, r.sourceCurrency),
          ] as [string, string],
        ]),
    ['Fortnox company', r.tenantId === 'unrouted' ? 'none chosen yet' : escapeHtml(r.tenantId)],
    [
      `Fortnox ${escapeHtml(kindWords(r.kind))}`,
      r.fortnoxNumber
        ? `${escapeHtml(r.fortnoxNumber)}${r.fortnoxTotal !== null ? ` (${money(r.fortnoxTotal, r.currency)})` : ''}${link(d.fortnoxUrl, 'Open in Fortnox')}`
        : '<span class="muted">not created yet</span>',
    ],
    ...(r.kind !== 'customer'
      ? [['Fortnox customer', escapeHtml(d.customerNumber ?? 'not linked yet')] as [string, string]]
      : []),
    ['State', stateBadge(r.state)],
    ['Attempts', String(r.attempts)],
    ['Last change', escapeHtml(when(r.updatedAt))],
  ];
  return `<table>${rows.map(([k, v]) => `<tr><th scope="row">${k}</th><td>${v}</td></tr>`).join('')}</table>`;
}

function problem(r: ConsoleRecord): string {
  if (!r.errorMessage && !r.remoteMessage) return '';
  // The plain message often quotes Fortnox already; its own text is shown once, beside it.
  const remote =
    r.remoteMessage && !(r.errorMessage ?? '').includes(r.remoteMessage)
      ? `<p>Fortnox's own words: <q lang="sv">${escapeHtml(r.remoteMessage)}</q></p>`
      : '';
  return `<h2>What is wrong</h2><p class="error">${escapeHtml(r.errorMessage ?? '')}</p>${remote}`;
}

function actions(d: RecordPageData): string {
  const r = d.record;
  const token = `<input type="hidden" name="token" value="${escapeHtml(d.formToken)}">`;
  const skippable = r.state === 'needs_attention' || r.state === 'pending';
  return `<h2>What you can do</h2>
<form method="post" action="/records/${r.id}/retry" class="inline">${token}<button>Retry now</button></form>
${d.fortnoxUrl ? ` <a href="${escapeHtml(d.fortnoxUrl)}" rel="noopener">Open in Fortnox</a>` : ''}
${skippable ? `<form method="post" action="/records/${r.id}/skip">${token}<label>Reason for skipping <input name="reason" required maxlength="300" size="40"></label> <button>Skip</button></form>` : ''}
<form method="post" action="/records/${r.id}/relink">${token}<label>Use another Fortnox customer (number) <input name="customerNumber" required maxlength="20" size="10"></label> <button>Re-link</button></form>`;
}

function eventRow(e: TimelineEvent): string {
  const move =
    e.fromState && e.toState && e.fromState !== e.toState
      ? `${escapeHtml(stateWords(e.fromState))} → ${escapeHtml(stateWords(e.toState))}`
      : escapeHtml(e.kind);
  const exchange = [
    e.request === undefined ? '' : `<details><summary>Sent</summary><pre>${json(e.request)}</pre></details>`,
    e.response === undefined ? '' : `<details><summary>Came back</summary><pre>${json(e.response)}</pre></details>`,
  ].join('');
  return `<tr><td>${escapeHtml(when(e.at))}</td><td>${move}</td><td>${escapeHtml(e.message ?? '')}${exchange}</td><td><code>${escapeHtml(e.correlationId)}</code></td></tr>`;
}

function jobRow(j: JobAttempt): string {
  return `<tr><td>${escapeHtml(when(j.createdAt))}</td><td>${escapeHtml(j.state)}${j.error ? `<br><small>${escapeHtml(j.error)}</small>` : ''}</td>
<td>${j.retries} of ${j.retryLimit}</td><td>${escapeHtml(j.reason ?? '')}</td><td><code>${escapeHtml(j.correlationId ?? '')}</code></td></tr>`;
}

export function renderRecordPage(d: RecordPageData): string {
  const events =
    d.events.length === 0
      ? '<p class="muted">Nothing has happened to this record yet.</p>'
      : `<table><thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Details</th><th scope="col">Correlation id</th></tr></thead><tbody>${d.events.map(eventRow).join('')}</tbody></table>`;
  const jobs =
    d.jobs.length === 0
      ? '<p class="muted">No recent jobs.</p>'
      : `<table><thead><tr><th scope="col">Queued</th><th scope="col">State</th><th scope="col">Retries</th><th scope="col">Why</th><th scope="col">Correlation id</th></tr></thead><tbody>${d.jobs.map(jobRow).join('')}</tbody></table>`;
  return renderPage({
    title: recordTitle(d.record),
    section: 'records',
    notice: d.notice,
    body: `<p><a href="/records">« All records</a></p>${summary(d)}${problem(d.record)}${actions(d)}
<h2>Timeline</h2>${events}<h2>Jobs</h2>${jobs}`,
  });
}
