import { z } from 'zod';
import type { SourceRef } from '../../core/documents.ts';
import { quietQueue, syncRetries } from '../../jobs/catalog.ts';
import type { AdapterJob } from '../source.ts';
import { salesforceId } from './ids.ts';
import { ORG_CONNECTION } from './settings.ts';

/**
 * Jobs an earlier release queued under Salesforce-specific names (`invoice.create` and
 * `invoice.amend` with an Opportunity id, `salesforce.writeback`, `customer.sync` with an Account
 * id) still drain after the upgrade: each becomes today's core job. Kept for one release.
 */

const ref = (object: 'Opportunity' | 'Account', id: string): SourceRef => ({
  system: 'salesforce',
  connection: ORG_CONNECTION,
  object,
  id,
});

const dealJob = (reason: string): AdapterJob => ({
  schema: z.object({ opportunityId: salesforceId }),
  queue: { ...syncRetries },
  // Only jobs an earlier release queued arrive here (drained once after a deploy).
  worker: quietQueue,
  handler: async (payload, job, services) => {
    const { opportunityId } = payload as { opportunityId: string };
    await services.queue.send(
      'document.sync',
      { source: ref('Opportunity', opportunityId), reason },
      { correlationId: job.correlationId },
    );
  },
});

export const LEGACY_JOBS: Readonly<Record<string, AdapterJob>> = {
  'invoice.create': dealJob('create'),
  'invoice.amend': dealJob('amend'),
  'salesforce.writeback': {
    schema: z.object({}),
    queue: { policy: 'short', retryLimit: 3, retryDelay: 5, expireInSeconds: 120 },
    worker: quietQueue,
    handler: async (_payload, _job, services) => services.requestFlush('salesforce', ORG_CONNECTION),
  },
};

/** `customer.sync` as an earlier release queued it: `{ accountId }`. */
export function legacyPayload(job: string, payload: unknown): SourceRef | undefined {
  if (job !== 'customer.sync') return undefined;
  const old = z.object({ accountId: salesforceId }).safeParse(payload);
  return old.success ? ref('Account', old.data.accountId) : undefined;
}
