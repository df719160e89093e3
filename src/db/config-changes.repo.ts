import { redact } from '../core/redact.ts';
import type { Queryable } from './connection.ts';

/**
 * The audit trail of configuration: every setting, routing rule and connection change with who made
 * it, from what to what. Values pass the logger's redaction first, so a credential typed into the
 * wrong field never lands here in clear.
 */

export interface ConfigChange {
  actor: string;
  /** 'global', 'tenant:1001', 'routing', 'source:salesforce:default'. */
  scope: string;
  key: string;
  before: unknown;
  after: unknown;
}

export async function recordConfigChange(db: Queryable, change: ConfigChange): Promise<void> {
  if (JSON.stringify(change.before) === JSON.stringify(change.after)) return;
  await db.query('INSERT INTO config_changes (actor, scope, key, before, after) VALUES ($1, $2, $3, $4, $5)', [
    change.actor,
    change.scope,
    change.key,
    change.before === undefined ? null : JSON.stringify(redact(change.before)),
    change.after === undefined ? null : JSON.stringify(redact(change.after)),
  ]);
}

export async function recentConfigChanges(db: Queryable, limit = 50): Promise<(ConfigChange & { at: Date })[]> {
  const { rows } = await db.query<{
    actor: string;
    scope: string;
    key: string;
    before: unknown;
    after: unknown;
    created_at: Date;
  }>('SELECT actor, scope, key, before, after, created_at FROM config_changes ORDER BY id DESC LIMIT $1', [limit]);
  return rows.map((r) => ({
    actor: r.actor,
    scope: r.scope,
    key: r.key,
    before: r.before,
    after: r.after,
    at: r.created_at,
  }));
}
