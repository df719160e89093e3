import type { Customer, SourceRef } from '../core/documents.ts';
import type { Vocabulary } from '../core/preflight.ts';
import type { SyncSettings } from '../core/settings.ts';
import type { Queryable } from '../db/connection.ts';
import { loadRoutingRules, type RoutingConditions } from '../db/routing.repo.ts';
import { SOURCE_MATCH, sourceParams } from '../db/sync-records.repo.ts';
import { connectionStates } from '../fortnox/auth/connections.ts';
import { NeedsAttentionError } from './attention.ts';

/**
 * Which Fortnox company receives a document: the first routing rule that matches, else the default
 * company, else the only connected one. No match and no default with several connected is a setup
 * question for a person, never a guess; so is a chosen company that is not connected (or revoked).
 * Each answer names what to do in the dashboard, and the fix (a rule, a default, connecting) retries
 * what waited for it.
 *
 * A record that already has a live document in one company stays with that company: a rule edited,
 * a country or a company field changed afterwards must not put a second invoice into another
 * company. Amendments, cancels and credits go where the document is; new records follow the rules.
 */

export interface RoutingFacts {
  source: SourceRef;
  country: string | undefined;
  currency: string | undefined;
  fields: Readonly<Record<string, string>>;
}

export function factsOf(
  source: SourceRef,
  customer: Customer,
  currency?: string,
  fields: Record<string, string> = {},
): RoutingFacts {
  return { source, country: customer.billingAddress.countryCode, currency: currency ?? customer.currency, fields };
}

export function matches(conditions: RoutingConditions, facts: RoutingFacts): boolean {
  if (conditions.system !== undefined && conditions.system !== facts.source.system) return false;
  if (conditions.connection !== undefined && conditions.connection !== facts.source.connection) return false;
  if (conditions.country !== undefined && conditions.country !== facts.country) return false;
  if (conditions.currency !== undefined && conditions.currency !== facts.currency) return false;
  if (conditions.field !== undefined && facts.fields[conditions.field.name] !== conditions.field.equals) return false;
  return true;
}

export function notUsable(tenantId: string, state: string | undefined, why: string): NeedsAttentionError {
  return state === 'revoked'
    ? new NeedsAttentionError(
        `The Fortnox connection for tenant ${tenantId} (${why}) was revoked or expired; reconnect it in the dashboard. Waiting records are sent once it is connected again.`,
        'fortnox_connection_revoked',
      )
    : new NeedsAttentionError(
        `Fortnox company ${tenantId} (${why}) is not connected. Connect it in the fortnox-sync dashboard; waiting records are sent once it is connected.`,
        'fortnox_not_connected',
      );
}

export async function routeTenant(
  db: Queryable,
  settings: SyncSettings,
  facts: RoutingFacts,
  words: Vocabulary,
): Promise<string> {
  const connections = await connectionStates(db);
  const stateOf = (tenant: string) => connections.find((c) => c.tenantId === tenant)?.state;
  const placed = await tenantWithDocument(db, facts.source);
  if (placed !== undefined) {
    const why = `where this ${words.document}'s document already is`;
    if (stateOf(placed) !== 'active') throw notUsable(placed, stateOf(placed), why);
    return placed;
  }
  const rules = await loadRoutingRules(db);
  const ruleIndex = rules.findIndex((rule) => matches(rule.conditions, facts));
  const chosen =
    ruleIndex >= 0 ? { tenant: rules[ruleIndex]!.tenantId, why: `routing rule ${ruleIndex + 1}` } : undefined;
  const fallback =
    settings.defaultTenantId === null ? undefined : { tenant: settings.defaultTenantId, why: 'the default company' };
  const pick = chosen ?? fallback;
  if (pick !== undefined) {
    if (stateOf(pick.tenant) !== 'active') throw notUsable(pick.tenant, stateOf(pick.tenant), pick.why);
    return pick.tenant;
  }
  const active = connections.filter((c) => c.state === 'active');
  if (active.length === 1) return active[0]!.tenantId;
  if (active.length > 1) {
    throw new NeedsAttentionError(
      `No Fortnox company is chosen for this ${words.document}: several are connected and no routing rule matches. Add a routing rule or choose the default company in the dashboard; waiting records are then sent.`,
      'tenant_ambiguous',
    );
  }
  const revoked = connections.find((c) => c.state === 'revoked');
  if (revoked !== undefined) throw notUsable(revoked.tenantId, 'revoked', 'the only one connected');
  throw new NeedsAttentionError(
    'Fortnox is not connected. Connect Fortnox in the fortnox-sync dashboard; waiting records are sent once it is connected.',
    'fortnox_not_connected',
  );
}

/**
 * The company holding the record's live sales document (sent, not cancelled or credited), if any —
 * or one whose create may have reached Fortnox without an answer (`creating`): it is adopted there.
 */
async function tenantWithDocument(db: Queryable, source: SourceRef): Promise<string | undefined> {
  const { rows } = await db.query<{ tenant_id: string }>(
    `SELECT tenant_id FROM sync_records
      WHERE ${SOURCE_MATCH} AND document_kind IN ('invoice', 'order')
        AND (state = 'creating' OR (fortnox_number IS NOT NULL AND state NOT IN ('cancelled', 'credited')))
      ORDER BY updated_at DESC LIMIT 1`,
    sourceParams(source),
  );
  return rows[0]?.tenant_id;
}
