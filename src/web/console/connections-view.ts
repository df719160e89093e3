import { escapeHtml, renderPage, when } from './layout.ts';

/** The connections page: each source's connections, then the Fortnox companies, all in words. */

export interface SourceRow {
  key: string;
  label: string | null;
  state: string;
  lastError: string | null;
  lastEventAt: Date | null;
  updatedAt: Date;
  /** No stored credentials: the environment defines it (Salesforce's org, a demo project). */
  fromEnvironment: boolean;
  needsAttention: number;
  preview: boolean;
  /** Fortnox article numbers whose stock this connection's system has no SKU for (the first ten). */
  unknownStock: { count: number; skus: string[] };
}

export interface TenantRow {
  tenantId: string;
  kind: string;
  state: string;
  companyName: string | null;
  lastError: string | null;
  accessExpiresAt: Date | null;
  refreshExpiresAt: Date | null;
  updatedAt: Date;
  rateUsed: number;
}

export interface ConnectionsView {
  sources: { system: string; label: string; connectHref: string | undefined; connections: SourceRow[] }[];
  tenants: TenantRow[];
  rateLimit: number;
  rateWindowSeconds: number;
  csrf: string;
  notice: string | undefined;
}

const SOURCE_STATE: Record<string, string> = {
  active: 'Active — syncing',
  paused: 'Paused — nothing read or sent',
  revoked: 'Revoked — connect it again',
  error: 'Problem — see the last error',
};
const TENANT_STATE: Record<string, string> = {
  active: 'Connected',
  revoked: 'Access revoked — connect it again',
  error: 'Problem — see the last error',
};
const TENANT_KIND: Record<string, string> = {
  authorization_code: 'user sign-in (refresh token)',
  service_account: 'service account',
};

const badge = (state: string, words: Record<string, string>) =>
  `<span class="state ${escapeHtml(state)}">${escapeHtml(words[state] ?? state)}</span>`;
const ago = (d: Date | null, none: string) => (d ? escapeHtml(when(d)) : `<span class="muted">${none}</span>`);

/** Stock from Fortnox the source could not take: which articles, so a person adds the products or lets them be. */
function stockNote(c: SourceRow): string {
  const { count, skus } = c.unknownStock;
  if (count === 0) return '';
  const more = count > skus.length ? ` and ${count - skus.length} more` : '';
  return `<br><small>Stock: ${count} Fortnox article${count === 1 ? ' has' : 's have'} no product with that SKU here (${escapeHtml(skus.join(', '))}${more}); their stock is not sent until it changes again.</small>`;
}

function sourceRows(v: ConnectionsView, s: ConnectionsView['sources'][number]): string {
  const token = `<input type="hidden" name="token" value="${escapeHtml(v.csrf)}">`;
  return s.connections
    .map((c) => {
      const name = c.label ?? c.key;
      const action =
        c.state === 'paused'
          ? `<form method="post" action="/connections/${escapeHtml(s.system)}/${escapeHtml(c.key)}/resume">${token}<button type="submit" aria-label="Resume ${escapeHtml(name)}">Resume</button></form>`
          : c.state === 'revoked'
            ? ''
            : `<form method="post" action="/connections/${escapeHtml(s.system)}/${escapeHtml(c.key)}/pause">${token}<button type="submit" aria-label="Pause ${escapeHtml(name)}">Pause</button></form>`;
      const mode = c.preview
        ? `<span class="state paused">Preview — nothing posted</span><form method="post" action="/connections/${escapeHtml(s.system)}/${escapeHtml(c.key)}/live">${token}<button type="submit" aria-label="Go live: ${escapeHtml(name)}">Go live</button></form>`
        : `Live<form method="post" action="/connections/${escapeHtml(s.system)}/${escapeHtml(c.key)}/preview">${token}<button type="submit" aria-label="Switch to preview: ${escapeHtml(name)}">Switch to preview</button></form>`;
      const attention =
        c.needsAttention > 0
          ? `<a href="/records?system=${encodeURIComponent(s.system)}&amp;connection=${encodeURIComponent(c.key)}&amp;state=needs_attention">${c.needsAttention} need${c.needsAttention === 1 ? 's' : ''} attention</a>`
          : '<span class="muted">none</span>';
      return `<tr><td>${escapeHtml(name)}<br><small class="muted">${escapeHtml(c.key)}${c.fromEnvironment ? ' · set by the environment' : ''}</small></td>
<td>${badge(c.state, SOURCE_STATE)}</td><td>${c.lastError ? `<span class="error">${escapeHtml(c.lastError)}</span>` : c.unknownStock.count > 0 ? '' : '<span class="muted">none</span>'}${stockNote(c)}</td>
<td>${ago(c.lastEventAt, 'nothing received yet')}</td><td>${attention}</td><td>${mode}</td><td>${action}</td></tr>`;
    })
    .join('');
}

function sourceSection(v: ConnectionsView, s: ConnectionsView['sources'][number]): string {
  const connect = s.connectHref
    ? `<p><a href="${escapeHtml(s.connectHref)}">Connect ${s.connections.length === 0 ? 'a' : 'another'} ${escapeHtml(s.label)} account</a></p>`
    : s.connections.length === 0
      ? '<p class="muted">Not connected. It is set up through the environment (see the README).</p>'
      : '';
  const table =
    s.connections.length === 0
      ? ''
      : `<table><caption class="muted">${escapeHtml(s.label)} connections</caption><thead><tr><th scope="col">Connection</th><th scope="col">State</th><th scope="col">Last error</th>
<th scope="col">Last activity</th><th scope="col">Records</th><th scope="col">Mode</th><th scope="col"><span class="muted">Action</span></th></tr></thead><tbody>${sourceRows(v, s)}</tbody></table>`;
  return `<h3>${escapeHtml(s.label)}</h3>${table}${connect}`;
}

function tenantSection(v: ConnectionsView): string {
  if (v.tenants.length === 0)
    return '<p>No Fortnox company is connected yet. <a href="/fortnox/connect">Connect Fortnox</a></p>';
  const rows = v.tenants
    .map(
      (
        t,
      ) => `<tr><td>${t.companyName ? escapeHtml(t.companyName) : '<span class="muted">name not known yet</span>'}<br><small class="muted">tenant ${escapeHtml(t.tenantId)}</small></td>
<td>${escapeHtml(TENANT_KIND[t.kind] ?? t.kind)}</td><td>${badge(t.state, TENANT_STATE)}</td>
<td>${t.kind === 'service_account' ? '<span class="muted">renewed as needed</span>' : ago(t.refreshExpiresAt, 'unknown')}</td>
<td class="num">${t.rateUsed} of ${v.rateLimit} per ${v.rateWindowSeconds} s</td>
<td>${t.lastError ? `<span class="error">${escapeHtml(t.lastError)}</span>` : '<span class="muted">none</span>'}</td><td>${escapeHtml(when(t.updatedAt))}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th scope="col">Company</th><th scope="col">Signed in as</th><th scope="col">State</th><th scope="col">Sign-in expires</th>
<th scope="col">Requests now</th><th scope="col">Last error</th><th scope="col">Last change</th></tr></thead><tbody>${rows}</tbody></table>
<p><a href="/fortnox/connect">Connect another Fortnox company</a></p>`;
}

export function renderConnectionsPage(v: ConnectionsView): string {
  const body = `<h2>Fortnox companies</h2>${tenantSection(v)}<h2>Sources</h2>${v.sources.map((s) => sourceSection(v, s)).join('')}`;
  return renderPage({ title: 'Connections', section: 'connections', body, notice: v.notice });
}
