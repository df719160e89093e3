import type { Customer } from '../core/documents.ts';
import { customerOrganisationNumber } from '../core/vat.ts';
import type { Queryable } from '../db/connection.ts';
import { SOURCE_MATCH, type SyncRecord, sourceParams } from '../db/sync-records.repo.ts';
import { NeedsAttentionError } from './attention.ts';
import type { SinkContext } from './context.ts';
import type { FortnoxCustomerRecord } from './fortnox-port.ts';

/**
 * Finding the Fortnox customer a source customer already is, and refusing to let two source
 * records silently become one. Match order is a setting (stored number → organisation number →
 * e-mail). A match that another source record is already linked to is a conflict: the second record
 * would overwrite the first one's name and address. Unless sharing is allowed on purpose (several
 * Accounts invoiced to one customer), it needs a person; with sharing, only the first record linked
 * (the owner) updates the customer.
 */

export type MatchedBy = 'customer_number' | 'organisation_number' | 'email' | 'name_after_retry';

export interface Match {
  customer: FortnoxCustomerRecord;
  by: MatchedBy;
}

const MATCH_WORDS: Record<MatchedBy, string> = {
  customer_number: 'its Fortnox customer number',
  organisation_number: 'organisation number',
  email: 'e-mail address',
  name_after_retry: 'name and city',
};

export async function findMatch(
  ctx: SinkContext,
  customer: Customer,
  known: string | null,
  afterAmbiguousCreate: boolean,
): Promise<Match | undefined> {
  for (const key of ctx.settings.customerMatchOrder) {
    if (key === 'customer_number') {
      const number = known ?? (await sourceKnownNumber(ctx, customer));
      const found = number ? await ctx.fortnox.getCustomer(number) : undefined;
      if (found) return { customer: found, by: key };
    } else if (key === 'organisation_number' && customer.organisationNumber) {
      const org = customerOrganisationNumber(customer);
      const found = org ? await ctx.fortnox.findCustomersByOrganisationNumber(org) : [];
      if (found[0]) return { customer: found[0], by: key };
    } else if (key === 'email' && (customer.invoiceEmail ?? customer.email)) {
      const found = await ctx.fortnox.findCustomersByEmail((customer.invoiceEmail ?? customer.email) as string);
      if (found[0]) return { customer: found[0], by: key };
    }
  }
  if (afterAmbiguousCreate) {
    // Our own earlier POST may have succeeded; the customer it made carries the exact name and city.
    const byName = await ctx.fortnox.findCustomersByName(customer.name.trim());
    const found = byName.find((c) => (c.City ?? '') === (customer.billingAddress.city ?? '').trim());
    if (found) return { customer: found, by: 'name_after_retry' };
  }
  return undefined;
}

/**
 * The customer number the source record carries — unless it is the number this record has in
 * another Fortnox company. The source has one field for it, written back from whichever company
 * synced last; customer numbers are per company, so in this one it would name a stranger.
 */
async function sourceKnownNumber(ctx: SinkContext, customer: Customer): Promise<string | undefined> {
  const number = customer.knownCustomerNumber;
  if (number === undefined) return undefined;
  const { rows } = await ctx.pool.query(
    `SELECT 1 FROM sync_records
      WHERE ${SOURCE_MATCH} AND document_kind = 'customer' AND tenant_id <> $5 AND fortnox_number = $6 LIMIT 1`,
    [...sourceParams(customer.source), ctx.tenantId, number],
  );
  return rows.length > 0 ? undefined : number;
}

interface Linked {
  id: number;
  object: string;
  sourceId: string;
  label: string | null;
}

/** The first other source record linked to this Fortnox customer in this tenant, if any. */
async function linkedElsewhere(db: Queryable, record: SyncRecord, customerNumber: string): Promise<Linked | undefined> {
  const { rows } = await db.query<{
    id: string;
    source_object: string;
    source_id: string;
    source_label: string | null;
  }>(
    `SELECT id, source_object, source_id, source_label FROM sync_records
      WHERE tenant_id = $1 AND document_kind = 'customer' AND fortnox_number = $2 AND id <> $3
      ORDER BY id LIMIT 1`,
    [record.tenantId, customerNumber, record.id],
  );
  const row = rows[0];
  return row && { id: Number(row.id), object: row.source_object, sourceId: row.source_id, label: row.source_label };
}

const named = (object: string, label: string | null, id: string): string =>
  `the ${object} ${label ? `“${label}” ` : ''}(${id})`;

/**
 * Whether this record may use the matched customer, and whether it may change it. Throws the
 * conflict, naming both records and the customer number, when sharing is not allowed.
 */
export async function claimMatch(
  ctx: SinkContext,
  record: SyncRecord,
  customer: Customer,
  match: Match,
): Promise<{ owner: boolean }> {
  const number = match.customer.CustomerNumber;
  const other = await linkedElsewhere(ctx.pool, record, number);
  if (other === undefined) return { owner: true };
  if (record.flags.customerOwner === true) return { owner: true };
  if (!ctx.settings.shareCustomers) {
    const me = named(record.source.object, customer.name, record.source.id);
    throw new NeedsAttentionError(
      `${me.charAt(0).toUpperCase()}${me.slice(1)} matches Fortnox customer ${number} by ${MATCH_WORDS[match.by]}, ` +
        `but that customer is already linked to ${named(other.object, other.label, other.sourceId)}. ` +
        'Nothing was changed in Fortnox, so neither overwrites the other. Correct the one that is wrong, ' +
        'or allow several source records to share one Fortnox customer in the dashboard settings.',
      'customer_shared',
    );
  }
  return { owner: false };
}
