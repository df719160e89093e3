import type { Customer } from '../core/documents.ts';
import { toAppError } from '../core/errors.ts';
import { customerProblems, type Problem } from '../core/preflight.ts';
import { withTransaction } from '../db/connection.ts';
import { claimRecord } from '../db/ledger-claim.repo.ts';
import { customerFacts, noteFacts } from '../db/record-facts.repo.ts';
import { transition } from '../db/sync-records.repo.ts';
import { isPermanent, NeedsAttentionError, park, problemsError } from './attention.ts';
import type { SinkContext } from './context.ts';
import { claimMatch, findMatch } from './customer-match.ts';
import type { FortnoxCustomerFields } from './fortnox-port.ts';
import { customerChanges, customerFields, payloadHash } from './payloads.ts';
import { heldByPreview, holdForPreview, inPreview, previewHash } from './preview.ts';

/**
 * Makes sure the source's customer exists in Fortnox exactly once, and returns its number. Only
 * when nothing matches (customer-match.ts) is a customer created. A create whose outcome was unknown
 * (timeout after sending) is followed, on the retry, by a search by name too, so a retry never makes
 * a second customer. A match already linked to another source record is a conflict, not a merge.
 */

export async function ensureCustomer(ctx: SinkContext, customer: Customer): Promise<string> {
  const key = { source: customer.source, tenantId: ctx.tenantId, kind: 'customer' as const };
  let record = await withTransaction(ctx.pool, (client) => claimWithFacts(client, key, customer));
  const wanted: FortnoxCustomerFields = customerFields(customer);
  const hash = payloadHash(wanted);
  // Nothing changed since the last sync: no Fortnox request at all.
  if (record.state === 'synced' && record.fortnoxNumber !== null && record.sourceHash === hash)
    return record.fortnoxNumber;

  const problems = customerProblems(customer, ctx.words);
  try {
    if (problems.length > 0) throw problemsError(problems);
    const existing = await findMatch(ctx, customer, record.fortnoxNumber, record.state === 'creating');
    let number: string;
    let owner = true;
    if (existing) {
      ({ owner } = await claimMatch(ctx, record, customer, existing));
      // A record sharing another's customer never rewrites it: the owner's data is what Fortnox shows.
      const changes = owner ? customerChanges(existing.customer, wanted) : {};
      if (Object.keys(changes).length > 0) await ctx.fortnox.updateCustomer(existing.customer.CustomerNumber, changes);
      number = existing.customer.CustomerNumber;
    } else {
      if (record.state !== 'creating') {
        record = await transition(
          ctx.pool,
          record,
          'creating',
          { countAttempt: true },
          { correlationId: ctx.correlationId, message: 'creating customer in Fortnox', request: wanted },
        );
      }
      number = (await ctx.fortnox.createCustomer(wanted)).CustomerNumber;
    }
    record = await transition(
      ctx.pool,
      record,
      'synced',
      {
        fortnoxNumber: number,
        sourceHash: hash,
        error: null,
        synced: true,
        countAttempt: true,
        flags: { customerOwner: owner },
      },
      {
        correlationId: ctx.correlationId,
        message: existing
          ? `matched Fortnox customer ${number} by ${existing.by}${owner ? '' : ' (shared; the customer is left as its owner has it)'}`
          : `created Fortnox customer ${number}`,
        request: wanted,
      },
    );
    await ctx.notifier.customerSynced(customer.source, number);
    return number;
  } catch (error) {
    if (!isPermanent(error)) throw error; // transient: pg-boss retries; a 'creating' record searches first next time
    await park(ctx, record, error);
    const err = toAppError(error);
    // Fortnox refusing the data reads "Fortnox refused the customer: …"; a connection problem is said as is.
    const message =
      error instanceof NeedsAttentionError || err.category !== 'validation'
        ? err.userMessage
        : `Fortnox refused the customer: ${err.userMessage}`;
    await ctx.notifier.customerFailed(customer.source, message);
    // The document keeps a connection problem's own reason, so reconnecting finds it too.
    throw new NeedsAttentionError(message, err.category === 'auth' ? err.code : 'customer_needs_attention', {
      cause: error,
    });
  }
}

/** Claims the customer's ledger row with what the console shows of it (name, organisation or VAT number). */
async function claimWithFacts(
  client: Parameters<typeof claimRecord>[0],
  key: Parameters<typeof claimRecord>[1],
  customer: Customer,
) {
  const record = await claimRecord(client, key, customer.name);
  await noteFacts(client, record.id, customerFacts(customer));
  return record;
}

/**
 * In preview mode a customer not yet in Fortnox is not created (nor matched and linked): its record
 * keeps what would be sent and waits for going live. True when it was held; a customer with a
 * problem is left to `ensureCustomer`, which parks it with the problem named (nothing is sent).
 */
export async function holdCustomerForPreview(ctx: SinkContext, customer: Customer): Promise<boolean> {
  if (!(await inPreview(ctx.pool, customer.source))) return false;
  if (customerProblems(customer, ctx.words).length > 0) return false;
  const key = { source: customer.source, tenantId: ctx.tenantId, kind: 'customer' as const };
  const record = await withTransaction(ctx.pool, (client) => claimWithFacts(client, key, customer));
  if (!(await heldByPreview(ctx, customer.source, record))) return false;
  await holdForPreview(ctx, record, customerFields(customer), previewHash);
  return true;
}

/** Records that the customer itself needs a person (called when a document's pre-flight finds it). */
export async function parkCustomer(ctx: SinkContext, customer: Customer, problems: readonly Problem[]): Promise<void> {
  if (problems.length === 0) return;
  const record = await withTransaction(ctx.pool, (client) =>
    claimWithFacts(client, { source: customer.source, tenantId: ctx.tenantId, kind: 'customer' }, customer),
  );
  const error = problemsError(problems);
  await park(ctx, record, error);
  await ctx.notifier.customerFailed(customer.source, error.userMessage);
}
