import { randomUUID } from 'node:crypto';
import type { Job, JobResult, PgBoss, Queue, SendOptions } from 'pg-boss';
import type { z } from 'zod';
import { AppError, toAppError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { decideRetry } from '../core/retry-policy.ts';

/**
 * The only way jobs enter or leave pg-boss: payloads are validated against the catalog on send and
 * on receipt, every handler runs with its own child logger and correlation id, and the outcome of a
 * failure (retry later, or stop because retrying cannot help) is decided by `decideRetry`.
 */

export type CatalogShape = Record<string, { schema: z.ZodType; queue: Omit<Queue, 'name'> }>;

export interface JobContext {
  jobId: string;
  /** 1 for the first run, 2 for the first retry … */
  attempt: number;
  correlationId: string;
  logger: Logger;
  /** Aborted when the worker shuts down or loses the job; pass it to fetch(). */
  signal: AbortSignal;
}

export type JobHandler<P> = (payload: P, context: JobContext) => Promise<void>;

interface Envelope {
  correlationId?: unknown;
}

/** Turns a payload an earlier release queued into today's shape, or undefined when it cannot. */
export type PayloadUpgrade = (job: string, data: unknown) => unknown;

export class JobQueue<C extends CatalogShape> {
  readonly #boss: PgBoss;
  readonly #catalog: C;
  readonly #logger: Logger;
  readonly #upgrade: PayloadUpgrade | undefined;

  constructor(boss: PgBoss, catalog: C, logger: Logger, options: { upgrade?: PayloadUpgrade } = {}) {
    this.#boss = boss;
    this.#catalog = catalog;
    this.#logger = logger;
    this.#upgrade = options.upgrade;
  }

  /**
   * Creates every queue of the catalog and brings existing ones up to the catalog's options (pg-boss
   * keeps a queue's options from when it was first created; a deploy that adds a heartbeat must
   * reach queues made by an earlier release). Idempotent, so every process may call it at start.
   */
  async createQueues(): Promise<void> {
    for (const [name, entry] of Object.entries(this.#catalog)) {
      await this.#boss.createQueue(name, entry.queue);
      // The policy and partitioning of a queue are fixed at creation; everything else can follow the catalog.
      const { policy: _policy, partition: _partition, ...updatable } = entry.queue;
      await this.#boss.updateQueue(name, updatable);
    }
  }

  async send<N extends keyof C & string>(
    name: N,
    payload: z.input<C[N]['schema']>,
    options: SendOptions & { correlationId?: string } = {},
  ): Promise<string | null> {
    const { correlationId = randomUUID(), ...sendOptions } = options;
    const parsed = this.#catalog[name]!.schema.safeParse(payload);
    if (!parsed.success) {
      throw new AppError(`Refusing to enqueue ${name}: ${parsed.error.message}`, {
        code: 'job_payload_invalid',
        category: 'internal',
        retryable: false,
        details: { job: name },
      });
    }
    return this.#boss.send(name, { ...(parsed.data as object), correlationId }, sendOptions);
  }

  async work<N extends keyof C & string>(
    name: N,
    handler: JobHandler<z.output<C[N]['schema']>>,
    options: { concurrency?: number; pollingIntervalSeconds?: number } = {},
  ): Promise<void> {
    const entry = this.#catalog[name]!;
    const maxAttempts = (entry.queue.retryLimit ?? 2) + 1;
    await this.#boss.work<Envelope>(
      name,
      {
        perJobResults: true,
        batchSize: 1,
        localConcurrency: options.concurrency ?? 1,
        pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
        // NOTIFY wakes workers for new jobs, but not for a retry whose delay has run out, nor a worker
        // that finished a job while more wait; without this each would sleep pg-boss's default 30 s.
        notifyPollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
        // A live worker refreshes its claim every 2 s, so a claim 10 s stale (the queue's heartbeat)
        // means a dead worker for certain, and the lost-job sweep (lost-jobs.ts) can act within seconds.
        heartbeatRefreshSeconds: 2,
      },
      async (jobs: Job<Envelope>[]): Promise<JobResult[]> =>
        Promise.all(jobs.map((job) => this.#run(name, job, handler, maxAttempts))),
    );
  }

  async #run<N extends keyof C & string>(
    name: N,
    job: Job<Envelope>,
    handler: JobHandler<z.output<C[N]['schema']>>,
    maxAttempts: number,
  ): Promise<JobResult> {
    const correlationId = typeof job.data.correlationId === 'string' ? job.data.correlationId : job.id;
    const attempt = job.retryCount + 1;
    const logger = this.#logger.child({ job: name, jobId: job.id, correlationId, attempt });
    try {
      const schema = this.#catalog[name]!.schema;
      let parsed = schema.safeParse(job.data);
      if (!parsed.success && this.#upgrade !== undefined) {
        const upgraded = this.#upgrade(name, job.data);
        if (upgraded !== undefined) parsed = schema.safeParse(upgraded);
      }
      if (!parsed.success) {
        throw new AppError(`Job payload no longer valid: ${parsed.error.message}`, {
          code: 'job_payload_invalid',
          category: 'internal',
          retryable: false,
        });
      }
      await handler(parsed.data as z.output<C[N]['schema']>, {
        jobId: job.id,
        attempt,
        correlationId,
        logger,
        signal: job.signal,
      });
      return { id: job.id, status: 'completed' };
    } catch (error) {
      const err = toAppError(error);
      // pg-boss owns the waiting between queue retries; we only decide whether another try can help.
      const decision = decideRetry(err, attempt, { maxAttempts, baseDelayMs: 0, maxDelayMs: 0 });
      logger.warn('job failed', { error: err, retry: decision.retry, reason: decision.reason });
      const output = { error: err.toJSON(), reason: decision.reason };
      return { id: job.id, status: decision.retry ? 'failed' : 'deadletter', output };
    }
  }
}
