import type { Queue } from 'pg-boss';
import { z } from 'zod';

/**
 * Every job the service runs: its name, the zod schema of its payload and its queue options.
 * Payloads are ids, never record snapshots — handlers re-read current data, so a job that waits
 * in the queue for an hour still acts on what is true now. Payloads are validated on send and
 * again on receipt (they outlive deploys).
 */

export const salesforceId = z.string().regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, 'not a Salesforce id');
export const tenantId = z.string().regex(/^\d{1,12}$/, 'not a Fortnox tenant id');

type QueueOptions = Omit<Queue, 'name'>;

/** Transient failures retry with backoff (5 s doubling, capped at 15 min: about 80 min in all); permanent ones never retry. */
const syncRetries: QueueOptions = {
  // Workers are woken by NOTIFY instead of waiting for their next poll: a won deal becomes a draft in about a second.
  notify: true,
  // A worker that dies mid-job stops its heartbeat; the job is retried within ~25 s instead of at expiry.
  heartbeatSeconds: 10,
  retryLimit: 12,
  retryDelay: 5,
  retryBackoff: true,
  retryDelayMax: 900,
  expireInSeconds: 300,
};

export const jobCatalog = {
  /** An Account changed (or an invoice needs its customer): create/match/update the Fortnox customer. */
  'customer.sync': {
    schema: z.object({ accountId: salesforceId }),
    queue: { ...syncRetries },
  },
  /** An Opportunity reached a won stage, or a person asked to (re)send it. */
  'invoice.create': {
    schema: z.object({ opportunityId: salesforceId }),
    queue: { ...syncRetries },
  },
  /** A won Opportunity's billing data changed, or it left the won stages. */
  'invoice.amend': {
    schema: z.object({ opportunityId: salesforceId }),
    queue: { ...syncRetries },
  },
  /** Read invoice changes of one tenant from Fortnox (cron fan-out and WebSocket nudges). */
  'status.poll': {
    schema: z.object({ tenantId }),
    // `stately` + singletonKey tenantId: one poll waiting and one running per tenant, never a pile-up.
    queue: { policy: 'stately', retryLimit: 2, retryDelay: 10, expireInSeconds: 120 },
  },
  /** The poller's clock: fans out `status.poll` per connected tenant and queues itself again (src/status/status-schedule.ts). */
  'status.tick': {
    schema: z.object({}),
    queue: { policy: 'stately', retryLimit: 2, retryDelay: 5, expireInSeconds: 60 },
  },
  /** A Fortnox WebSocket event named an invoice or a payment: read that one invoice. */
  'status.invoice': {
    schema: z
      .object({
        tenantId,
        documentNumber: z
          .string()
          .regex(/^\d{1,20}$/)
          .optional(),
        paymentNumber: z
          .string()
          .regex(/^\d{1,20}$/)
          .optional(),
      })
      .refine((p) => p.documentNumber !== undefined || p.paymentNumber !== undefined, 'names no invoice or payment'),
    queue: {
      policy: 'stately',
      notify: true,
      retryLimit: 5,
      retryDelay: 5,
      retryBackoff: true,
      retryDelayMax: 300,
      expireInSeconds: 120,
    },
  },
  /** Daily: open invoices past their due date become Overdue (nothing changes in Fortnox when that happens). */
  'status.overdue': {
    schema: z.object({ asOf: z.iso.date().optional() }),
    queue: { policy: 'stately', retryLimit: 3, retryDelay: 60, expireInSeconds: 900 },
  },
  /** Push pending status fields to Salesforce in batches of up to 200 records. */
  'salesforce.writeback': {
    schema: z.object({}),
    // `short`: at most one flush waits at a time however many changes ask for one; each flush takes all that is due.
    queue: {
      policy: 'short',
      notify: true,
      retryLimit: 10,
      retryDelay: 5,
      retryBackoff: true,
      retryDelayMax: 600,
      expireInSeconds: 300,
    },
  },
} as const satisfies Record<string, { schema: z.ZodType; queue: QueueOptions }>;

export type JobCatalog = typeof jobCatalog;
export type JobName = keyof JobCatalog;
export type JobPayload<N extends JobName> = z.infer<JobCatalog[N]['schema']>;
export const JOB_NAMES = Object.keys(jobCatalog) as JobName[];
