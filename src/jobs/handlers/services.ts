import type { Connection } from 'jsforce';
import type pg from 'pg';
import type { Logger } from '../../core/logger.ts';
import type { SyncSettings } from '../../core/settings.ts';
import { loadSettings } from '../../db/settings.repo.ts';
import type { SinkContext, SourceNotifier } from '../../sink/context.ts';
import { stockholmToday } from '../../sink/context.ts';
import type { FortnoxPort } from '../../sink/fortnox-port.ts';
import { resolveTenant } from '../../sink/tenant.ts';
import type { JobContext } from '../queue.ts';

/** What the sync handlers share, built once per worker process. */
export interface SyncServices {
  pool: pg.Pool;
  logger: Logger;
  salesforce: () => Promise<Connection>;
  fortnoxFor: (tenantId: string, logger: Logger, signal: AbortSignal) => FortnoxPort;
  notifier: SourceNotifier;
  requestFlush: () => Promise<void>;
  /** Queues a deal for another attempt (after its customer was fixed). */
  retryDeal: (opportunityId: string, correlationId: string) => Promise<void>;
  today?: () => string;
}

/** A SinkContext for one job: current settings, the tenant, the job's logger and correlation id. */
export async function sinkContext(
  services: SyncServices,
  job: JobContext,
  global: SyncSettings,
): Promise<{ ctx: SinkContext; settings: SyncSettings }> {
  const tenantId = await resolveTenant(services.pool, global);
  const tenantSettings = await loadSettings(services.pool, tenantId);
  const logger = job.logger.child({ tenantId });
  return {
    settings: tenantSettings,
    ctx: {
      pool: services.pool,
      tenantId,
      settings: tenantSettings,
      logger,
      correlationId: job.correlationId,
      fortnox: services.fortnoxFor(tenantId, logger, job.signal),
      notifier: services.notifier,
      today: services.today ?? (() => stockholmToday()),
    },
  };
}
