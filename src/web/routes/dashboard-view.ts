import type { RoutingRule } from '../../db/routing.repo.ts';
import { escapeHtml, kindWords, renderPage, stateBadge, when } from '../console/layout.ts';
import { objectWord, sourceLabel } from '../console/links.ts';
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

export { escapeHtml };

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

const spelledOut = (value: string): string => {
  const words = value.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function input(name: string, field: FieldKind, value: unknown): string {
  const n = escapeHtml(name);
  switch (field.kind) {
    case 'list':
      return `<input name="${n}" id="${n}" value="${escapeHtml(((value as string[] | undefined) ?? []).join(', '))}">`;
    case 'enum':
      // Values stay internal; people read the schema's words, or the value spelled out at least.
      return `<select name="${n}" id="${n}">${field.options.map((o) => `<option value="${escapeHtml(o)}"${String(value) === o ? ' selected' : ''}>${escapeHtml(field.labels?.[o] ?? spelledOut(o))}</option>`).join('')}</select>`;
    case 'bool':
      return `<input type="hidden" name="${n}" value="false"><input type="checkbox" name="${n}" id="${n}" value="true"${value === true ? ' checked' : ''}>`;
    case 'number':
      return `<input type="number" step="0.01" min="0" name="${n}" id="${n}" value="${escapeHtml(value ?? '')}">`;
    case 'text':
      return `<input name="${n}" id="${n}" value="${escapeHtml(value ?? '')}">`;
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

/** Fortnox's own text, unless the plain message already quotes it (it would read twice). */
const remoteLine = (r: RecordRow): string =>
  r.remoteMessage && !(r.errorMessage ?? '').includes(r.remoteMessage)
    ? `<br><small class="muted">Fortnox: ${escapeHtml(r.remoteMessage)}</small>`
    : '';

function recordTable(rows: RecordRow[], token: string, withRetry: boolean): string {
  if (rows.length === 0) return '<p class="muted">Nothing here.</p>';
  const body = rows
    .map(
      (
        r,
      ) => `<tr><td><a href="/records/${r.id}">${escapeHtml(objectWord(r.sourceSystem, r.sourceObject))} ${r.label ? `“${escapeHtml(r.label)}”` : escapeHtml(r.sourceId)}</a><br><small class="muted">${escapeHtml(sourceLabel(r.sourceSystem))}</small></td><td>${escapeHtml(kindWords(r.kind))}</td>
    <td>${r.tenantId === 'unrouted' ? '<span class="muted">none yet</span>' : escapeHtml(r.tenantId)}</td><td>${stateBadge(r.state)}</td><td>${escapeHtml(r.fortnoxNumber ?? '')}</td>
    <td>${escapeHtml(r.errorMessage ?? '')}${remoteLine(r)}</td>
    <td>${withRetry ? `<form method="post" action="/dashboard/records/${r.id}/retry"><input type="hidden" name="token" value="${escapeHtml(token)}"><button>Retry</button></form>` : escapeHtml(when(r.updatedAt))}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th scope="col">Record</th><th scope="col">Kind</th><th scope="col">Fortnox company</th><th scope="col">State</th><th scope="col">Fortnox no.</th><th scope="col">Message</th><th scope="col"><span class="muted">${withRetry ? 'Action' : 'Changed'}</span></th></tr></thead><tbody>${body}</tbody></table>`;
}

/** OAuth's grant types as people know them: a person's Fortnox user, or a service account. */
const KIND_OF_CONNECTION: Record<string, string> = {
  authorization_code: 'user',
  service_account: 'service account',
};

export function renderDashboard(d: DashboardData): string {
  const connections =
    d.connections.length === 0
      ? '<p>No Fortnox company is connected yet. <a href="/fortnox/connect">Connect Fortnox</a></p>'
      : `<table><thead><tr><th scope="col">Tenant</th><th scope="col">Company</th><th scope="col">Signed in as</th><th scope="col">State</th><th scope="col"><span class="muted">Action</span></th></tr></thead><tbody>${d.connections
          .map(
            (c) => `<tr><td>${escapeHtml(c.tenantId)}</td>
        <td>${c.companyName ? escapeHtml(c.companyName) : '<span class="muted">name not known yet; reconnect to fetch it</span>'}</td><td>${escapeHtml(KIND_OF_CONNECTION[c.kind] ?? c.kind)}</td><td>${stateBadge(c.state)}
        ${c.lastError ? `<br><small>${escapeHtml(c.lastError)}</small>` : ''}</td><td><a href="/fortnox/connect">Reconnect</a></td></tr>`,
          )
          .join(
            '',
          )}</tbody></table><p><a href="/fortnox/connect">Connect another Fortnox company</a> · <a href="/fortnox/connect?service=1">Connect with a service account</a></p>`;
  const counts = Object.entries(d.counts)
    .map(([state, n]) => `<a href="/records?state=${encodeURIComponent(state)}">${stateBadge(state)} ${n}</a>`)
    .join(' ');
  const settings =
    d.sections === undefined
      ? `<p class="error">${escapeHtml(d.settingsError)}</p>`
      : `<form method="post" action="/dashboard/settings"><input type="hidden" name="token" value="${escapeHtml(d.formToken)}">${d.sections.map(section).join('')}<button>Save settings</button></form>`;
  return renderPage({
    title: 'Overview',
    section: 'overview',
    notice: d.notice,
    body: `<h2>Fortnox connections</h2>${connections}
<h2>Documents</h2><p>${counts || '<span class="muted">No documents yet.</span>'}</p>
<h2>Needs attention</h2>${recordTable(d.attention, d.formToken, true)}<p><a href="/records?state=needs_attention">All records that need attention</a></p>
<h2>Recently changed</h2>${recordTable(d.recent, d.formToken, false)}<p><a href="/records">All records</a></p>
<h2>Routing to Fortnox companies</h2>${routingTable(d)}
<h2>Settings</h2>${settings}
<p class="muted"><a href="/healthz">health</a> · JSON: <a href="/api/records?state=needs_attention">/api/records</a>, <a href="/api/settings">/api/settings</a></p>`,
  });
}
