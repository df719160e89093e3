import type { SyncSettings } from '../../core/settings.ts';

/**
 * The dashboard as server-rendered HTML: no script, no framework, every value escaped. Forms post
 * back to the web process, which only writes settings and enqueues jobs.
 */

export interface DashboardData {
  connections: {
    tenantId: string;
    kind: string;
    state: string;
    companyName: string | null;
    lastError: string | null;
  }[];
  counts: Record<string, number>;
  attention: RecordRow[];
  recent: RecordRow[];
  settings: SyncSettings | undefined;
  settingsError: string | undefined;
  formToken: string;
  notice: string | undefined;
}

export interface RecordRow {
  id: number;
  sourceObject: string;
  sourceId: string;
  /** What people call the source record ("Acme AB"). */
  label: string | null;
  kind: string;
  tenantId: string;
  state: string;
  fortnoxNumber: string | null;
  errorMessage: string | null;
  remoteMessage: string | null;
  updatedAt: Date;
}

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

type FieldKind =
  | { kind: 'list' }
  | { kind: 'enum'; options: readonly string[] }
  | { kind: 'bool' }
  | { kind: 'number' }
  | { kind: 'text' };

/** How each setting is edited; labels say what it does, in finance terms. */
export const SETTING_FIELDS: { key: keyof SyncSettings; label: string; field: FieldKind }[] = [
  { key: 'wonStages', label: 'Won stages (comma separated)', field: { kind: 'list' } },
  { key: 'documentKind', label: 'Create in Fortnox', field: { kind: 'enum', options: ['invoice', 'order'] } },
  { key: 'bookkeep', label: 'Bookkeep invoices at once (instead of leaving drafts)', field: { kind: 'bool' } },
  {
    key: 'missingArticle',
    label: 'Product code unknown in Fortnox',
    field: { kind: 'enum', options: ['create', 'default_article'] },
  },
  { key: 'defaultArticleNumber', label: 'Default article (empty = none)', field: { kind: 'text' } },
  {
    key: 'defaultVatRate',
    label: 'VAT % for products without one',
    field: { kind: 'enum', options: ['25', '12', '6', '0'] },
  },
  { key: 'invoiceDate', label: 'Invoice date', field: { kind: 'enum', options: ['close_date', 'today'] } },
  { key: 'totalTolerance', label: 'Flag totals differing by more than', field: { kind: 'number' } },
  {
    key: 'onBookedChange',
    label: 'A booked invoice’s deal changes',
    field: { kind: 'enum', options: ['needs_attention', 'credit_and_reinvoice'] },
  },
  {
    key: 'onUnwon',
    label: 'A deal leaves the won stages',
    field: { kind: 'enum', options: ['cancel_drafts_only', 'cancel_or_credit', 'needs_attention'] },
  },
  { key: 'customerMatchOrder', label: 'Match customers by (comma separated)', field: { kind: 'list' } },
  {
    key: 'shareCustomers',
    label: 'Several Accounts may share one Fortnox customer (only the first linked updates it)',
    field: { kind: 'bool' },
  },
  { key: 'defaultTenantId', label: 'Default Fortnox tenant (empty = the only connected one)', field: { kind: 'text' } },
];

function input(key: string, field: FieldKind, value: unknown): string {
  const name = escapeHtml(key);
  switch (field.kind) {
    case 'list':
      return `<input name="${name}" value="${escapeHtml((value as string[]).join(', '))}">`;
    case 'enum':
      return `<select name="${name}">${field.options.map((o) => `<option${String(value) === o ? ' selected' : ''}>${escapeHtml(o)}</option>`).join('')}</select>`;
    case 'bool':
      return `<input type="hidden" name="${name}" value="false"><input type="checkbox" name="${name}" value="true"${value === true ? ' checked' : ''}>`;
    case 'number':
      return `<input type="number" step="0.01" min="0" name="${name}" value="${escapeHtml(value)}">`;
    case 'text':
      return `<input name="${name}" value="${escapeHtml(value ?? '')}">`;
  }
}

function recordTable(rows: RecordRow[], token: string, withRetry: boolean): string {
  if (rows.length === 0) return '<p class="muted">Nothing here.</p>';
  const body = rows
    .map(
      (
        r,
      ) => `<tr><td>${escapeHtml(r.sourceObject)}${r.label ? ` “${escapeHtml(r.label)}”` : ''} <code>${escapeHtml(r.sourceId)}</code></td><td>${escapeHtml(r.kind)}</td>
    <td>${r.tenantId === 'unrouted' ? '<span class="muted">none yet</span>' : escapeHtml(r.tenantId)}</td><td><span class="state ${escapeHtml(r.state)}">${escapeHtml(r.state)}</span></td><td>${escapeHtml(r.fortnoxNumber ?? '')}</td>
    <td>${escapeHtml(r.errorMessage ?? '')}${r.remoteMessage ? `<br><small class="muted">Fortnox: ${escapeHtml(r.remoteMessage)}</small>` : ''}</td>
    <td>${withRetry ? `<form method="post" action="/dashboard/records/${r.id}/retry"><input type="hidden" name="token" value="${escapeHtml(token)}"><button>Retry</button></form>` : escapeHtml(r.updatedAt.toISOString().slice(0, 16).replace('T', ' '))}</td></tr>`,
    )
    .join('');
  return `<table><tr><th>Source</th><th>Kind</th><th>Tenant</th><th>State</th><th>Fortnox no.</th><th>Message</th><th></th></tr>${body}</table>`;
}

export function renderDashboard(d: DashboardData): string {
  const connections =
    d.connections.length === 0
      ? '<p>No Fortnox company is connected yet. <a href="/fortnox/connect">Connect Fortnox</a></p>'
      : `<table><tr><th>Tenant</th><th>Company</th><th>Kind</th><th>State</th><th></th></tr>${d.connections
          .map(
            (c) => `<tr><td>${escapeHtml(c.tenantId)}</td>
        <td>${escapeHtml(c.companyName ?? '')}</td><td>${escapeHtml(c.kind)}</td><td><span class="state ${escapeHtml(c.state)}">${escapeHtml(c.state)}</span>
        ${c.lastError ? `<br><small>${escapeHtml(c.lastError)}</small>` : ''}</td><td><a href="/fortnox/connect">Reconnect</a></td></tr>`,
          )
          .join('')}</table>`;
  const counts = Object.entries(d.counts)
    .map(([state, n]) => `<span class="state ${escapeHtml(state)}">${escapeHtml(state)} ${n}</span>`)
    .join(' ');
  const settings =
    d.settings === undefined
      ? `<p class="error">${escapeHtml(d.settingsError)}</p>`
      : `<form method="post" action="/dashboard/settings"><input type="hidden" name="token" value="${escapeHtml(d.formToken)}"><table>${SETTING_FIELDS.map(
          (f) =>
            `<tr><td><label>${escapeHtml(f.label)}</label></td><td>${input(f.key, f.field, d.settings![f.key])}</td></tr>`,
        ).join('')}</table><button>Save settings</button></form>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>fortnox-sync</title><style>
body{font:14px system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:0 16px;color:#1b1b1b}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:6px;text-align:left;vertical-align:top}.muted{color:#777}
.state{display:inline-block;padding:1px 6px;border-radius:8px;background:#eef}.needs_attention,.revoked,.error{background:#fdd}.draft,.booked,.paid,.synced,.active{background:#dfd}
.notice{background:#ffd;padding:8px}.error{color:#900}input,select{min-width:220px}</style></head><body>
<h1>fortnox-sync</h1>${d.notice ? `<p class="notice">${escapeHtml(d.notice)}</p>` : ''}
<h2>Fortnox connections</h2>${connections}
<h2>Documents</h2><p>${counts || '<span class="muted">No documents yet.</span>'}</p>
<h2>Needs attention</h2>${recordTable(d.attention, d.formToken, true)}
<h2>Recently changed</h2>${recordTable(d.recent, d.formToken, false)}
<h2>Settings</h2>${settings}
<p class="muted"><a href="/healthz">health</a> · JSON: <a href="/api/records?state=needs_attention">/api/records</a>, <a href="/api/settings">/api/settings</a></p>
</body></html>`;
}
