import type { SyncSettings } from '../core/settings.ts';
import type { Queryable } from '../db/connection.ts';
import { NeedsAttentionError } from './attention.ts';

/**
 * Which Fortnox company receives a document: the configured default tenant, or the only active
 * connection. Several connections and no default is a setup question for a person, not a guess.
 */
export async function resolveTenant(db: Queryable, settings: SyncSettings): Promise<string> {
  if (settings.defaultTenantId !== null) return settings.defaultTenantId;
  const { rows } = await db.query<{ tenant_id: string }>(
    `SELECT tenant_id FROM connections WHERE state = 'active' ORDER BY tenant_id LIMIT 2`,
  );
  if (rows.length === 1) return rows[0]!.tenant_id;
  if (rows.length === 0) {
    throw new NeedsAttentionError(
      'Fortnox is not connected. Connect Fortnox in the fortnox-sync dashboard, then press retry.',
      'fortnox_not_connected',
    );
  }
  throw new NeedsAttentionError(
    'Several Fortnox companies are connected and no default is chosen. Choose the default company in the dashboard, then press retry.',
    'tenant_ambiguous',
  );
}
