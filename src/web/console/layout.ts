import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The one page frame of the console: the same styles, navigation back from every page and a skip
 * link. Server-rendered, no script, so every page works (and is read by a screen reader) without JS.
 */

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
header{background:#1f3a5f;color:#fff;padding:10px 16px}header a{color:#fff;margin-right:18px;text-decoration:none}
header a[aria-current=page]{text-decoration:underline;font-weight:600}header strong{margin-right:28px}
main{margin:0 auto;max-width:1200px;padding:8px 16px 40px}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
table{border-collapse:collapse;width:100%;background:#fff}td,th{border-bottom:1px solid #ddd;padding:6px;text-align:left;vertical-align:top}
.muted{color:#595959}.num{text-align:right;white-space:nowrap}
.state{display:inline-block;padding:1px 6px;border-radius:8px;background:#e6e9f5}
.state.needs_attention,.state.revoked,.state.error,.state.failed{background:#fdd}
.state.draft,.state.booked,.state.paid,.state.synced,.state.active,.state.done{background:#d9f2d9}
.notice{background:#fff4c2;padding:8px;border-left:4px solid #c9a400}.error{color:#8a0000}
input,select,textarea{font:inherit}input,select{min-width:160px}button{font:inherit;padding:3px 10px;cursor:pointer}
form.inline{display:inline}fieldset{border:1px solid #ccc;background:#fff}
.filters label{display:inline-block;margin:0 10px 6px 0}.pager{margin:12px 0}.pager a{margin-right:16px}
pre{background:#f3f3f3;padding:8px;overflow:auto;max-height:320px;font-size:12px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;color:#000;padding:4px}
details{margin:4px 0}.who{float:right}.who form{display:inline}.who button{margin-left:8px}
fieldset.viewer{display:contents}`;

export type Section = 'overview' | 'records' | 'bulk' | 'connections' | 'reconciliation' | 'users' | 'none';

const NAV: [Section, string, string][] = [
  ['overview', '/', 'Overview'],
  ['records', '/records', 'Records'],
  ['bulk', '/records/bulk', 'Bulk actions'],
  ['connections', '/connections', 'Connections'],
  ['reconciliation', '/reconciliation', 'Reconciliation'],
  ['users', '/users', 'Users'],
];

/** Who the page is for, set by the console's guard for the rest of the request (see access/session.ts). */
export interface PageViewer {
  actor: string;
  role: 'viewer' | 'admin';
  csrf: string;
  via: 'session' | 'basic' | 'open';
}
export const pageViewer = new AsyncLocalStorage<PageViewer>();

function whoBlock(v: PageViewer | undefined): string {
  if (v === undefined || v.via !== 'session') return '';
  return `<span class="who">${escapeHtml(v.actor)} (${v.role})<form method="post" action="/signout"><input type="hidden" name="token" value="${escapeHtml(v.csrf)}"><button type="submit">Sign out</button></form></span>`;
}

/**
 * A viewer's page keeps its forms (they show what an admin could do) with every control disabled:
 * one place, so no page can forget. The server refuses a viewer's change anyway.
 */
function disableForms(body: string): string {
  return body.replace(
    /(<form method="post"[^>]*>)([\s\S]*?)<\/form>/g,
    '$1<fieldset class="viewer" disabled>$2</fieldset></form>',
  );
}

export interface PageOptions {
  title: string;
  section: Section;
  body: string;
  notice?: string | undefined;
}

export function renderPage(o: PageOptions): string {
  const nav = NAV.map(
    ([key, href, label]) => `<a href="${href}"${key === o.section ? ' aria-current="page"' : ''}>${label}</a>`,
  ).join('');
  const notice = o.notice ? `<p class="notice" role="status">${escapeHtml(o.notice)}</p>` : '';
  const viewer = pageViewer.getStore();
  const body = viewer?.role === 'viewer' ? disableForms(o.body) : o.body;
  const note =
    viewer?.role === 'viewer'
      ? '<p class="muted">You are signed in as a viewer: you can look and download; changes need an admin.</p>'
      : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)} · fortnox-sync</title><style>${STYLE}</style></head><body>
<a class="skip" href="#main">Skip to content</a>
<header>${whoBlock(viewer)}<nav aria-label="Main"><strong>fortnox-sync</strong>${nav}</nav></header>
<main id="main"><h1>${escapeHtml(o.title)}</h1>${notice}${note}${body}</main></body></html>`;
}

/** A page with one message and the way back, for connect results and errors. */
export function messagePage(
  title: string,
  message: string,
  back = { href: '/', label: 'Back to the overview' },
): string {
  return renderPage({
    title,
    section: 'none',
    body: `<p>${escapeHtml(message)}</p><p><a href="${escapeHtml(back.href)}">${escapeHtml(back.label)}</a></p>`,
  });
}

const STATE_WORDS: Record<string, string> = {
  pending: 'waiting',
  creating: 'being created',
  synced: 'in Fortnox',
  draft: 'draft in Fortnox',
  booked: 'booked',
  sent: 'sent',
  partially_paid: 'partly paid',
  paid: 'paid',
  overdue: 'overdue',
  credited: 'credited',
  cancelled: 'cancelled',
  needs_attention: 'needs attention',
  skipped: 'skipped',
};

/** A ledger state as people say it; unknown values shown as they are rather than hidden. */
export const stateWords = (state: string): string => STATE_WORDS[state] ?? state.replace(/_/g, ' ');
export const stateBadge = (state: string): string =>
  `<span class="state ${escapeHtml(state)}">${escapeHtml(stateWords(state))}</span>`;

const KIND_WORDS: Record<string, string> = {
  customer: 'customer',
  invoice: 'invoice',
  order: 'order',
  credit: 'credit note',
  voucher: 'voucher',
  payment: 'payment',
  article: 'article',
};
export const kindWords = (kind: string): string => KIND_WORDS[kind] ?? kind;
export const STATES = Object.keys(STATE_WORDS);
export const KINDS = Object.keys(KIND_WORDS);

export function money(amount: number | null, currency: string | null): string {
  if (amount === null) return '';
  const n = amount.toLocaleString('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return currency ? `${n} ${currency}` : n;
}

export const when = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
