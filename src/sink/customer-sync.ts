import type { Customer } from '../core/documents.ts';
import { customerProblems, type Problem } from '../core/preflight.ts';
import { normaliseOrganisationNumber } from '../core/vat.ts';
import { withTransaction } from '../db/connection.ts';
import { claimRecord, transition } from '../db/sync-records.repo.ts';
import { isPermanent, NeedsAttentionError, park, problemsError } from './attention.ts';
import type { SinkContext } from './context.ts';
import type { FortnoxCustomerFields, FortnoxCustomerRecord } from './fortnox-port.ts';
import { customerChanges, customerFields, payloadHash } from './payloads.ts';

/**
 * Makes sure the source's customer exists in Fortnox exactly once, and returns its number.
 * Match order is a setting (stored number → organisation number → e-mail); only when nothing
 * matches is a customer created. A create whose outcome was unknown (timeout after sending) is
 * followed, on the retry, by a search by name too, so a retry never makes a second customer.
 */

async function match(
  ctx: SinkContext,
  customer: Customer,
  known: string | null,
  afterAmbiguousCreate: boolean,
): Promise<FortnoxCustomerRecord | undefined> {
  for (const key of ctx.settings.customerMatchOrder) {
    if (key === 'customer_number') {
      const number = known ?? customer.knownCustomerNumber;
      const found = number ? await ctx.fortnox.getCustomer(number) : undefined;
      if (found) return found;
    } else if (key === 'organisation_number' && customer.organisationNumber) {
      const country = customer.billingAddress.countryCode ?? 'SE';
      const org =
        country === 'SE'
          ? normaliseOrganisationNumber(customer.organisationNumber)
          : customer.organisationNumber.trim();
      const found = org ? await ctx.fortnox.findCustomersByOrganisationNumber(org) : [];
      if (found[0]) return found[0];
    } else if (key === 'email' && customer.email) {
      const found = await ctx.fortnox.findCustomersByEmail(customer.email);
      if (found[0]) return found[0];
    }
  }
  if (afterAmbiguousCreate) {
    // Our own earlier POST may have succeeded; the customer it made carries the exact name and city.
    const byName = await ctx.fortnox.findCustomersByName(customer.name.trim());
    return byName.find((c) => (c.City ?? '') === (customer.billingAddress.city ?? '').trim());
  }
  return undefined;
}

export async function ensureCustomer(ctx: SinkContext, customer: Customer): Promise<string> {
  const key = { source: customer.source, tenantId: ctx.tenantId, kind: 'customer' as const };
  let record = await withTransaction(ctx.pool, (client) => claimRecord(client, key));
  const wanted: FortnoxCustomerFields = customerFields(customer);
  const hash = payloadHash(wanted);
  // Nothing changed since the last sync: no Fortnox request at all.
  if (record.state === 'synced' && record.fortnoxNumber !== null && record.sourceHash === hash)
    return record.fortnoxNumber;

  const problems = customerProblems(customer);
  try {
    if (problems.length > 0) throw problemsError(problems);
    const existing = await match(ctx, customer, record.fortnoxNumber, record.state === 'creating');
    let number: string;
    if (existing) {
      const changes = customerChanges(existing, wanted);
      if (Object.keys(changes).length > 0) await ctx.fortnox.updateCustomer(existing.CustomerNumber, changes);
      number = existing.CustomerNumber;
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
      { fortnoxNumber: number, sourceHash: hash, error: null, synced: true, countAttempt: true },
      {
        correlationId: ctx.correlationId,
        message: existing ? `matched Fortnox customer ${number}` : `created Fortnox customer ${number}`,
        request: wanted,
      },
    );
    await ctx.notifier.customerSynced(customer.source, number);
    return number;
  } catch (error) {
    if (!isPermanent(error)) throw error; // transient: pg-boss retries; a 'creating' record searches first next time
    await park(ctx, record, error);
    const message =
      error instanceof NeedsAttentionError
        ? error.userMessage
        : `Fortnox refused the customer: ${(error as { userMessage?: string }).userMessage ?? String(error)}`;
    await ctx.notifier.customerFailed(customer.source, message);
    throw new NeedsAttentionError(message, 'customer_needs_attention', { cause: error });
  }
}

/** Records that the customer itself needs a person (called when a document's pre-flight finds it). */
export async function parkCustomer(ctx: SinkContext, customer: Customer, problems: readonly Problem[]): Promise<void> {
  if (problems.length === 0) return;
  const record = await withTransaction(ctx.pool, (client) =>
    claimRecord(client, { source: customer.source, tenantId: ctx.tenantId, kind: 'customer' }),
  );
  const error = problemsError(problems);
  await park(ctx, record, error);
  await ctx.notifier.customerFailed(customer.source, error.userMessage);
}
