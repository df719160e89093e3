import type { SourceRef } from '../core/documents.ts';
import type { SyncSettings } from '../core/settings.ts';
import type { Queryable } from '../db/connection.ts';
import { loadRoutingRules } from '../db/routing.repo.ts';
import { findRecordsForSource } from '../db/sync-records.repo.ts';
import { connectionStates } from '../fortnox/auth/connections.ts';
import { NeedsAttentionError } from './attention.ts';
import { notUsable } from './routing.ts';

/**
 * Which Fortnox companies a product becomes an article in. An invoice row names its article by
 * number in whichever company the document is routed to, so the article goes to every company the
 * source connection's documents can reach: the targets of routing rules that may match this
 * connection (rules on country, currency or a field may match any of its documents), the default
 * company, and every company the product already went to. With none of these, the only connected
 * company; with several and no default, a person chooses (as for documents). Companies not
 * connected are left out while at least one is usable; a product waits only when none is.
 */
export async function articleTenants(db: Queryable, settings: SyncSettings, source: SourceRef): Promise<string[]> {
  const connections = await connectionStates(db);
  const active = new Set(connections.filter((c) => c.state === 'active').map((c) => c.tenantId));
  const rules = await loadRoutingRules(db);
  const targets = new Set<string>();
  for (const rule of rules) {
    const { system, connection } = rule.conditions;
    if ((system ?? source.system) === source.system && (connection ?? source.connection) === source.connection)
      targets.add(rule.tenantId);
  }
  if (settings.defaultTenantId !== null) targets.add(settings.defaultTenantId);
  for (const record of await findRecordsForSource(db, source))
    if (record.kind === 'article' && record.fortnoxNumber !== null) targets.add(record.tenantId);
  if (targets.size === 0) {
    if (active.size === 1) return [...active];
    if (active.size > 1) {
      throw new NeedsAttentionError(
        'No Fortnox company is chosen for this product: several are connected and no routing rule or default company names one. Choose the default company in the dashboard; waiting products are then sent.',
        'tenant_ambiguous',
      );
    }
    throw new NeedsAttentionError(
      'Fortnox is not connected. Connect Fortnox in the fortnox-sync dashboard; waiting products are sent once it is connected.',
      'fortnox_not_connected',
    );
  }
  const usable = [...targets].filter((t) => active.has(t)).sort();
  if (usable.length > 0) return usable;
  const first = [...targets][0]!;
  throw notUsable(first, connections.find((c) => c.tenantId === first)?.state, 'where this product goes');
}
