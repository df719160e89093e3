import type { Connection } from 'jsforce';
import type pg from 'pg';
import { AppError } from '../../core/errors.ts';
import { isSalesforceId } from './ids.ts';

const CLAIM_SECONDS = 60;

/** Claims the Opportunity/Order pair for `recordId`; throws a retryable error while its partner holds it. */
export async function claimPair(
  pool: pg.Pool,
  connection: string,
  opportunityId: string,
  recordId: string,
): Promise<void> {
  const { rowCount } = await pool.query(
    `INSERT INTO source_leases (key, owner, until) VALUES ($1, $2, now() + make_interval(secs => $3))
     ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, until = EXCLUDED.until
     WHERE source_leases.until < now() OR source_leases.owner = EXCLUDED.owner`,
    [`salesforce:${connection}:invoice-pair:${opportunityId}`, `salesforce:${recordId}`, CLAIM_SECONDS],
  );
  if (rowCount === 1) return;
  throw new AppError(`The Opportunity/Order pair of ${opportunityId} is being invoiced from another record`, {
    code: 'record_busy',
    category: 'conflict',
    retryable: true,
    userMessage: 'The Opportunity or Order this record belongs with is being invoiced right now; it will be retried.',
  });
}

/**
 * An Order made from an Opportunity (Order.OpportunityId) sells the same thing: whichever of the
 * two reaches Fortnox first is invoiced, the other is parked with a message naming it. Both are
 * read from the ledger, so the rule holds across workers. Each record's own lease does not cover
 * its partner, so a record about to be invoiced also claims the pair (keyed by the Opportunity) for
 * a minute — longer than it takes to write its ledger row; the partner arriving meanwhile is retried
 * and then finds that row.
 */

/** Ledger states in which a record has, or is about to have, a live Fortnox document. */
const LIVE_STATES = ['pending', 'creating', 'draft', 'booked', 'sent', 'partially_paid', 'paid', 'overdue'];

export interface LiveDocument {
  object: string;
  id: string;
  /** The Fortnox document number, once known. */
  number: string | null;
}

/** The first of `records` that has a live Fortnox document (an amendment that failed still counts). */
export async function liveDocumentOf(
  pool: pg.Pool,
  connection: string,
  records: readonly { object: string; id: string }[],
): Promise<LiveDocument | undefined> {
  if (records.length === 0) return undefined;
  const { rows } = await pool.query<{ source_object: string; source_id: string; fortnox_number: string | null }>(
    `SELECT source_object, source_id, fortnox_number FROM sync_records
      WHERE source_system = 'salesforce' AND source_connection = $1 AND document_kind IN ('invoice', 'order')
        AND source_object = ANY($2) AND source_id = ANY($3)
        AND (state = ANY($4) OR (state = 'needs_attention' AND fortnox_number IS NOT NULL))
      ORDER BY created_at LIMIT 1`,
    [connection, records.map((r) => r.object), records.map((r) => r.id), LIVE_STATES],
  );
  const row = rows[0];
  return row && { object: row.source_object, id: row.source_id, number: row.fortnox_number };
}

/** The Orders made from an Opportunity (their ids and what people call them). */
export async function ordersOf(conn: Connection, opportunityId: string): Promise<Map<string, string>> {
  if (!isSalesforceId(opportunityId)) return new Map();
  const result = await conn.query<{ Id: string; OrderNumber?: string | null; Name?: string | null }>(
    `SELECT Id, OrderNumber, Name FROM Order WHERE OpportunityId = '${opportunityId}'`,
  );
  return new Map(result.records.map((r) => [r.Id, r.Name ?? `Order ${r.OrderNumber ?? r.Id}`]));
}

const numbered = (live: LiveDocument): string => (live.number === null ? '' : ` (Fortnox document ${live.number})`);

export function invoicedViaOpportunity(live: LiveDocument, name: string | undefined): string {
  const named = name === undefined ? `(${live.id})` : `“${name}” (${live.id})`;
  return `This Order was not sent to Fortnox: the Opportunity it was made from ${named} is already invoiced${numbered(live)}. Nothing more is needed; to invoice from the Order instead, cancel that document in Fortnox and press Retry on the Order.`;
}

export function invoicedViaOrder(live: LiveDocument, name: string): string {
  return `This Opportunity was not sent to Fortnox: its Order “${name}” (${live.id}) is already invoiced${numbered(live)}. Nothing more is needed; to invoice from the Opportunity instead, cancel that document in Fortnox and press Retry on the Opportunity.`;
}
