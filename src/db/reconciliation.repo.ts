import type { Queryable } from './connection.ts';

/**
 * Month-end reconciliation from the ledger: per day (Stockholm), Fortnox company, source and kind,
 * what the sources asked for (count, net, VAT, gross as the source reported them) against the
 * documents we created in Fortnox (count, gross as Fortnox answered), and the records that differ.
 */

export interface ReconcileFilter {
  from: string;
  to: string;
  tenant?: string;
}

export interface ReconcileRow {
  day: string;
  tenantId: string;
  system: string;
  kind: string;
  currency: string | null;
  expected: number;
  net: number;
  vat: number;
  gross: number;
  inFortnox: number;
  fortnoxGross: number;
  missing: number;
  differing: number;
}

export type MismatchReason = 'missing' | 'amount_differs';

export interface Mismatch {
  id: number;
  day: string;
  tenantId: string;
  system: string;
  kind: string;
  label: string | null;
  number: string | null;
  state: string;
  sourceGross: number | null;
  fortnoxGross: number | null;
  fortnoxNumber: string | null;
  reason: MismatchReason;
}

// What a source wanted and should be (or become) a Fortnox document: skipped ones are left out on purpose.
const WANTED = `document_kind <> 'customer' AND state <> 'skipped'`;
const DAY = `(created_at AT TIME ZONE 'Europe/Stockholm')::date`;
const RANGE = `created_at >= ($1::date::timestamp AT TIME ZONE 'Europe/Stockholm')
  AND created_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/Stockholm') AND ($3::text IS NULL OR tenant_id = $3)`;
const IN_FORTNOX = `fortnox_number IS NOT NULL AND state NOT IN ('cancelled', 'creating')`;
const DIFFERS = `${IN_FORTNOX} AND source_total IS NOT NULL AND fortnox_total IS NOT NULL AND abs(source_total - fortnox_total) > 0.005`;
// A record still on its way is not missing yet: give the queue ten minutes.
const MISSING = `fortnox_number IS NULL AND created_at < now() - interval '10 minutes'`;

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

export async function reconcile(db: Queryable, f: ReconcileFilter): Promise<ReconcileRow[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT ${DAY}::text AS day, tenant_id, source_system, document_kind, source_currency AS currency,
            count(*) AS expected, sum(source_net) AS net, sum(source_total - source_net) AS vat, sum(source_total) AS gross,
            count(*) FILTER (WHERE ${IN_FORTNOX}) AS in_fortnox, sum(fortnox_total) FILTER (WHERE ${IN_FORTNOX}) AS fortnox_gross,
            count(*) FILTER (WHERE ${MISSING}) AS missing, count(*) FILTER (WHERE ${DIFFERS}) AS differing
       FROM sync_records WHERE ${WANTED} AND ${RANGE}
      GROUP BY 1, 2, 3, 4, 5 ORDER BY 1 DESC, 2, 3, 4, 5`,
    [f.from, f.to, f.tenant ?? null],
  );
  return rows.map((r) => ({
    day: String(r.day),
    tenantId: String(r.tenant_id),
    system: String(r.source_system),
    kind: String(r.document_kind),
    currency: r.currency === null ? null : String(r.currency),
    expected: n(r.expected),
    net: n(r.net),
    vat: n(r.vat),
    gross: n(r.gross),
    inFortnox: n(r.in_fortnox),
    fortnoxGross: n(r.fortnox_gross),
    missing: n(r.missing),
    differing: n(r.differing),
  }));
}

export async function mismatches(db: Queryable, f: ReconcileFilter, limit = 500): Promise<Mismatch[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT id, ${DAY}::text AS day, tenant_id, source_system, document_kind, source_label, source_number, state,
            source_total, fortnox_total, fortnox_number, CASE WHEN ${MISSING} THEN 'missing' ELSE 'amount_differs' END AS reason
       FROM sync_records WHERE ${WANTED} AND ${RANGE} AND ((${MISSING}) OR (${DIFFERS}))
      ORDER BY created_at DESC, id DESC LIMIT $4`,
    [f.from, f.to, f.tenant ?? null, limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    day: String(r.day),
    tenantId: String(r.tenant_id),
    system: String(r.source_system),
    kind: String(r.document_kind),
    label: r.source_label === null ? null : String(r.source_label),
    number: r.source_number === null ? null : String(r.source_number),
    state: String(r.state),
    sourceGross: r.source_total === null ? null : Number(r.source_total),
    fortnoxGross: r.fortnox_total === null ? null : Number(r.fortnox_total),
    fortnoxNumber: r.fortnox_number === null ? null : String(r.fortnox_number),
    reason: r.reason as MismatchReason,
  }));
}
