import type { Queue } from 'pg-boss';
import { z } from 'zod';

/**
 * Every core job: its name, the zod schema of its payload and its queue options. Payloads are
 * source references, never record snapshots — handlers re-read current data, so a job that waits in
 * the queue for an hour still acts on what is true now. Payloads are validated on send and again on
 * receipt (they outlive deploys). Adapters add jobs of their own (`SourceAdapter.jobs`); the core
 * never names a source.
 */

export const tenantId = z.string().regex(/^\d{1,12}$/, 'not a Fortnox tenant id');
export const systemName = z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'not a source system name');
export const connectionKey = z.string().regex(/^[a-z0-9-]{1,20}$/, 'not a connection key ([a-z0-9-], at most 20)');

/** `{ system, connection, object, id }`; the id is checked again by the adapter's own id schema. */
export const sourceRefSchema = z.object({
  system: systemName,
  connection: connectionKey,
  object: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,59}$/, 'not an object name'),
  id: z.string().min(1).max(200),
});

/** Why the job exists ('create', 'amend', 'retry', 'reconnect' …): for logs and the audit trail only. */
const jobReason = z.string().max(80).optional();

export type QueueOptions = Omit<Queue, 'name'>;

/**
 * How a worker process takes a queue's jobs. Every slot of `concurrency` polls on its own, so a queue
 * that sees a job an hour (a clock, a daily job, a person's bulk action) keeps one slot polling
 * rarely: new jobs wake it at once by NOTIFY; the poll only catches retries whose delay ran out
 * (so a queue whose jobs are sent with `startAfter` must keep polling every second).
 * Absent: `WORKER_CONCURRENCY` slots polling every second.
 */
export interface WorkerOptions {
  concurrency?: number;
  pollSeconds?: number;
}

/** For queues with a job now and then (see WorkerOptions). */
export const quietQueue: WorkerOptions = { concurrency: 1, pollSeconds: 10 };

/** Transient failures retry with backoff (5 s doubling, capped at 15 min: about 80 min in all); permanent ones never retry. */
export const syncRetries: QueueOptions = {
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
  /**
   * A source record changed (won, paid, refunded, closed) or a person asked to (re)send it: make
   * Fortnox match it — create, update, cancel or credit, decided from current data and the ledger.
   */
  'document.sync': {
    schema: z.object({ source: sourceRefSchema, reason: jobReason }),
    queue: { ...syncRetries },
  },
  /** A customer record changed (or a document needs its customer): create/match/update the Fortnox customer. */
  'customer.sync': {
    schema: z.object({ source: sourceRefSchema, reason: jobReason }),
    queue: { ...syncRetries },
  },
  /** Push pending write-backs of one source connection in batches. */
  'source.writeback': {
    schema: z.object({ system: systemName, connection: connectionKey }),
    // `short`: at most one flush waits per connection however many changes ask for one; each takes all that is due.
    queue: {
      policy: 'short',
      notify: true,
      heartbeatSeconds: 10,
      retryLimit: 10,
      retryDelay: 5,
      retryBackoff: true,
      retryDelayMax: 600,
      expireInSeconds: 300,
    },
  },
  /** Read invoice changes of one tenant from Fortnox (cron fan-out and WebSocket nudges). */
  'status.poll': {
    schema: z.object({ tenantId }),
    // `stately` + singletonKey tenantId: one poll waiting and one running per tenant, never a pile-up.
    queue: { policy: 'stately', heartbeatSeconds: 10, retryLimit: 2, retryDelay: 10, expireInSeconds: 120 },
  },
  /** The poller's clock: fans out `status.poll` per connected tenant and queues itself again (src/status/status-schedule.ts). */
  'status.tick': {
    schema: z.object({}),
    queue: { policy: 'stately', retryLimit: 2, retryDelay: 5, expireInSeconds: 60 },
    // One slot, but polled every second: each tick is queued `startAfter` the interval, and a delayed
    // job is found only by polling (NOTIFY fires when it is inserted, not when it becomes due).
    worker: { concurrency: 1 },
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
      heartbeatSeconds: 10,
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
    worker: quietQueue,
  },
  /**
   * Stock of one Fortnox company may have changed (an `articles` WebSocket event, or the poller's
   * clock as safety net): read the changed articles and send every source that wants stock the
   * levels it was not sent yet (src/sink/stock-sync.ts). The payload is the company, never levels.
   */
  'stock.sync': {
    schema: z.object({ tenantId }),
    // `stately` + singletonKey tenantId: a burst of 2,500 article events is one read and one push, not 2,500.
    queue: {
      policy: 'stately',
      notify: true,
      heartbeatSeconds: 10,
      retryLimit: 10,
      retryDelay: 10,
      retryBackoff: true,
      retryDelayMax: 600,
      expireInSeconds: 600,
    },
    worker: { concurrency: 1 },
  },
  /** A person's bulk retry or skip of a filtered set of records (console_bulk_actions holds the filter and progress). */
  'console.bulk': {
    schema: z.object({ bulkId: z.number().int().positive() }),
    queue: {
      notify: true,
      heartbeatSeconds: 10,
      retryLimit: 5,
      retryDelay: 10,
      retryBackoff: true,
      expireInSeconds: 1800,
    },
    worker: quietQueue,
  },
} as const satisfies Record<string, { schema: z.ZodType; queue: QueueOptions; worker?: WorkerOptions }>;

export type JobCatalog = typeof jobCatalog;
export type JobName = keyof JobCatalog;
export type JobPayload<N extends JobName> = z.infer<JobCatalog[N]['schema']>;
export const JOB_NAMES = Object.keys(jobCatalog) as JobName[];
export type SourceRefPayload = z.infer<typeof sourceRefSchema>;
