import type { RoutingRule } from '../../db/routing.repo.ts';
import type { FieldKind, FormField } from './schema-form.ts';

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
  /** The Fortnox settings and every source connection's, or why they cannot be shown. */
  sections: SettingsSection[] | undefined;
  settingsError: string | undefined;
  routing: RoutingRule[];
  /** The rules as the editor shows them (routing-text.ts). */
  routingText: string;
  formToken: string;
  notice: string | undefined;
}

export interface RecordRow {
  id: number;
  sourceSystem: string;
  sourceConnection: string;
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

/** One settings section: the Fortnox settings, or one source connection's. */
export interface SettingsSection {
  title: string;
  /** Form field name prefix ('' for the Fortnox settings, 'salesforce.default.' for a connection). */
  prefix: string;
  fields: FormField[];
  values: Record<string, unknown>;
}

function valueAt(values: Record<string, unknown>, path: string[]): unknown {
  return path.reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], values);
}

function input(name: string, field: FieldKind, value: unknown): string {
  const n = escapeHtml(name);
  switch (field.kind) {
    case 'list':
      return `<input name="${n}" value="${escapeHtml(((value as string[] | undefined) ?? []).join(', '))}">`;
    case 'enum':
      return `<select name="${n}">${field.options.map((o) => `<option${String(value) === o ? ' selected' : ''}>${escapeHtml(o)}</option>`).join('')}</select>`;
    case 'bool':
      return `<input type="hidden" name="${n}" value="false"><input type="checkbox" name="${n}" value="true"${value === true ? ' checked' : ''}>`;
    case 'number':
      return `<input type="number" step="0.01" min="0" name="${n}" value="${escapeHtml(value ?? '')}">`;
    case 'text':
      return `<input name="${n}" value="${escapeHtml(value ?? '')}">`;
  }
}

function section(s: SettingsSection): string {
  const rows = s.fields
    .map((f) => {
      const name = s.prefix + f.path.join('.');
      const help = f.help ? `<br><small class="muted">${escapeHtml(f.help)}</small>` : '';
      return `<tr><td><label for="${escapeHtml(name)}">${escapeHtml(f.label)}</label>${help}</td><td>${input(name, f.field, valueAt(s.values, f.path))}</td></tr>`;
    })
    .join('');
  return `<h3>${escapeHtml(s.title)}</h3><table>${rows}</table>`;
}

function routingTable(d: DashboardData): string {
  const rows = d.routing
    .map((rule, i) => {
      const c = rule.conditions;
      const when = [
        c.system && `source ${c.system}`,
        c.connection && `connection ${c.connection}`,
        c.country && `country ${c.country}`,
        c.currency && `currency ${c.currency}`,
        c.field && `${c.field.name} = ${c.field.equals}`,
      ].filter(Boolean);
      return `<tr><td>${i + 1}</td><td>${escapeHtml(when.join(' and '))}</td><td>${escapeHtml(rule.tenantId)}</td></tr>`;
    })
    .join('');
  const editor = `<form method="post" action="/dashboard/routing"><input type="hidden" name="token" value="${escapeHtml(d.formToken)}">
<label for="routing-rules">Rules, one per line, first match wins: <code>country=DE currency=EUR field:Fortnox_Company__c=AB → 1002</code></label><br>
<textarea id="routing-rules" name="rules" rows="4" cols="90">${escapeHtml(d.routingText)}</textarea><br><button>Save routing rules</button></form>`;
  return `${rows === '' ? '<p class="muted">No rules: documents go to the default company (or the only connected one).</p>' : `<table><tr><th>#</th><th>When</th><th>Fortnox tenant</th></tr>${rows}</table>`}${editor}`;
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
    d.sections === undefined
      ? `<p class="error">${escapeHtml(d.settingsError)}</p>`
      : `<form method="post" action="/dashboard/settings"><input type="hidden" name="token" value="${escapeHtml(d.formToken)}">${d.sections.map(section).join('')}<button>Save settings</button></form>`;
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
<h2>Routing to Fortnox companies</h2>${routingTable(d)}
<h2>Settings</h2>${settings}
<p class="muted"><a href="/healthz">health</a> · JSON: <a href="/api/records?state=needs_attention">/api/records</a>, <a href="/api/settings">/api/settings</a></p>
</body></html>`;
}
