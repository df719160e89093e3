import type { SyncSettings } from '../core/settings.ts';
import type { Queryable } from '../db/connection.ts';
import { NeedsAttentionError } from './attention.ts';

/**
 * Which Fortnox company receives a document: the configured default tenant, or the only active
 * connection. Several connections and no default is a setup question for a person, not a guess;
 * so is a connection that was revoked. Each answer names what to do in the dashboard, and
 * connecting Fortnox (or choosing the default) retries what waited for it.
 */
export async function resolveTenant(db: Queryable, settings: SyncSettings): Promise<string> {
  if (settings.defaultTenantId !== null) return settings.defaultTenantId;
  const { rows } = await db.query<{ tenant_id: string; state: string }>(
    `SELECT tenant_id, state FROM connections ORDER BY (state = 'active') DESC, tenant_id LIMIT 3`,
  );
  const active = rows.filter((r) => r.state === 'active');
  if (active.length === 1) return active[0]!.tenant_id;
  if (active.length > 1) {
    throw new NeedsAttentionError(
      'Several Fortnox companies are connected and no default is chosen. Choose the default company in the dashboard; waiting records are then sent.',
      'tenant_ambiguous',
    );
  }
  const revoked = rows.find((r) => r.state === 'revoked');
  if (revoked !== undefined) {
    throw new NeedsAttentionError(
      `The Fortnox connection for tenant ${revoked.tenant_id} was revoked or expired; reconnect it in the dashboard. Waiting records are sent once it is connected again.`,
      'fortnox_connection_revoked',
    );
  }
  throw new NeedsAttentionError(
    'Fortnox is not connected. Connect Fortnox in the fortnox-sync dashboard; waiting records are sent once it is connected.',
    'fortnox_not_connected',
  );
}
