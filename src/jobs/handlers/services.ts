import type pg from 'pg';
import type { SourceRef } from '../../core/documents.ts';
import type { Logger } from '../../core/logger.ts';
import type { Vocabulary } from '../../core/preflight.ts';
import { fortnoxReference } from '../../core/references.ts';
import type { SyncSettings } from '../../core/settings.ts';
import { loadSettings } from '../../db/settings.repo.ts';
import type { SinkContext, SourceNotifier } from '../../sink/context.ts';
import { stockholmToday } from '../../sink/context.ts';
import type { FortnoxPort } from '../../sink/fortnox-port.ts';
import { type RoutingFacts, routeTenant } from '../../sink/routing.ts';
import type { SourceSet } from '../../sources/source-set.ts';
import type { JobCatalog } from '../catalog.ts';
import type { JobContext, JobQueue } from '../queue.ts';

/** What the sync handlers share, built once per worker process (src/worker/services.ts). */
export interface SyncServices {
  pool: pg.Pool;
  logger: Logger;
  queue: JobQueue<JobCatalog>;
  fortnoxFor: (tenantId: string, logger: Logger, signal: AbortSignal) => FortnoxPort;
  notifier: SourceNotifier;
  sources: SourceSet;
  today?: () => string;
}

export interface Routed {
  ctx: SinkContext;
  settings: SyncSettings;
}

/**
 * A SinkContext for one job: the tenant its routing chooses, that tenant's settings, the job's
 * logger and correlation id, and the source's words and reference style. Throws the plain
 * NeedsAttentionError routing gives when no Fortnox company can be used.
 */
export async function routedContext(
  services: SyncServices,
  job: JobContext,
  source: SourceRef,
  words: Vocabulary,
  facts: RoutingFacts,
): Promise<Routed> {
  const global = await loadSettings(services.pool);
  const tenantId = await routeTenant(services.pool, global, facts, words);
  return tenantContext(services, job, source, words, tenantId);
}

/**
 * A SinkContext for a tenant already known — a credit or payment goes to the tenant of the invoice it
 * is against, never where routing would send it today.
 */
export async function tenantContext(
  services: SyncServices,
  job: JobContext,
  source: SourceRef,
  words: Vocabulary,
  tenantId: string,
): Promise<Routed> {
  const settings = await loadSettings(services.pool, tenantId);
  const logger = job.logger.child({ tenantId });
  const { adapter } = services.sources.of(source.system);
  return {
    settings,
    ctx: {
      pool: services.pool,
      tenantId,
      settings,
      logger,
      correlationId: job.correlationId,
      fortnox: services.fortnoxFor(tenantId, logger, job.signal),
      notifier: services.notifier,
      words,
      reference: (ref) => fortnoxReference(ref, adapter.referenceStyle),
      today: services.today ?? (() => stockholmToday()),
    },
  };
}
