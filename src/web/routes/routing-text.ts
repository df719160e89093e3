import { type RoutingRule, routingRuleSchema } from '../../db/routing.repo.ts';

/**
 * Routing rules as an admin writes them, one per line, first match wins:
 *
 *   country=DE currency=EUR → 1002
 *   system=bigcommerce connection=eu-store → 1003
 *   field:Fortnox_Company__c=Nordic AB -> 1004
 *
 * Every bad line is named with its number and what is wrong; nothing is saved unless all are valid.
 */

const KEYS = new Set(['system', 'connection', 'country', 'currency']);

export function formatRules(rules: readonly RoutingRule[]): string {
  return rules
    .map((rule) => {
      const c = rule.conditions;
      const parts = [...KEYS].flatMap((k) =>
        c[k as keyof typeof c] === undefined ? [] : [`${k}=${String(c[k as keyof typeof c])}`],
      );
      if (c.field) parts.push(`field:${c.field.name}=${c.field.equals}`);
      return `${parts.join(' ')} → ${rule.tenantId}`;
    })
    .join('\n');
}

export function parseRules(text: string): { rules: RoutingRule[]; problems: string[] } {
  const rules: RoutingRule[] = [];
  const problems: string[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = `Routing rule line ${index + 1}`;
    const arrow = line.split(/\s*(?:→|->)\s*/);
    if (arrow.length !== 2) {
      problems.push(`${where}: write the conditions, an arrow (→ or ->) and the Fortnox tenant id`);
      continue;
    }
    const [when, tenantId] = arrow as [string, string];
    const conditions: Record<string, unknown> = {};
    // A field condition's value may hold spaces ("Nordic AB"): it runs to the end of the conditions.
    const field = /field:([^=\s]+)=(.*)$/.exec(when);
    const rest = field ? when.slice(0, field.index) : when;
    if (field) conditions.field = { name: field[1], equals: field[2]!.trim() };
    const unknown: string[] = [];
    for (const part of rest.split(/\s+/).filter(Boolean)) {
      const [key, value] = part.split('=');
      if (key === undefined || value === undefined || !KEYS.has(key)) unknown.push(`“${part}”`);
      else conditions[key] = key === 'country' || key === 'currency' ? value.toUpperCase() : value;
    }
    if (unknown.length > 0) {
      problems.push(
        `${where}: ${unknown.join(', ')} is not a condition (use system=, connection=, country=, currency= or field:Name=)`,
      );
      continue;
    }
    const parsed = routingRuleSchema.safeParse({ conditions, tenantId: tenantId.trim() });
    if (parsed.success) rules.push(parsed.data);
    else problems.push(`${where}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  return { rules, problems };
}
