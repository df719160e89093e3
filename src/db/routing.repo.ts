import type pg from 'pg';
import { z } from 'zod';
import { tenantId } from '../jobs/catalog.ts';
import { type Queryable, withTransaction } from './connection.ts';

/**
 * Routing rules: which Fortnox company (tenant) a document goes to, decided over canonical fields
 * only — the source system and connection, the billing country, the currency, or a named source
 * field the adapter exposes (a company picklist, a sales channel, a store). Rules are tried in order
 * and the first whose every condition holds wins; a rule with no conditions is refused (that is
 * what the default company is for).
 */

export const routingConditionsSchema = z
  .object({
    system: z.string().min(1).optional(),
    connection: z.string().min(1).optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'a two-letter country code, e.g. SE')
      .optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'a three-letter currency code, e.g. EUR')
      .optional(),
    field: z.object({ name: z.string().min(1).max(80), equals: z.string().max(200) }).optional(),
  })
  .strict()
  .refine(
    (c) => Object.keys(c).length > 0,
    'a rule needs at least one condition (the default company covers the rest)',
  );

export const routingRuleSchema = z.object({ conditions: routingConditionsSchema, tenantId }).strict();
export type RoutingRule = z.infer<typeof routingRuleSchema>;
export type RoutingConditions = z.infer<typeof routingConditionsSchema>;

export async function loadRoutingRules(db: Queryable): Promise<RoutingRule[]> {
  const { rows } = await db.query<{ conditions: unknown; tenant_id: string }>(
    'SELECT conditions, tenant_id FROM routing_rules ORDER BY position, id',
  );
  return rows.map((r) => routingRuleSchema.parse({ conditions: r.conditions, tenantId: r.tenant_id }));
}

/** Replaces every rule at once (the editor saves the whole ordered list). */
export async function saveRoutingRules(pool: pg.Pool, rules: readonly RoutingRule[]): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query('DELETE FROM routing_rules');
    for (const [position, rule] of rules.entries()) {
      await client.query('INSERT INTO routing_rules (position, conditions, tenant_id) VALUES ($1, $2, $3)', [
        position,
        JSON.stringify(rule.conditions),
        rule.tenantId,
      ]);
    }
  });
}
