import { deriveKey } from '../core/crypto.ts';
import { defined } from '../core/optional.ts';
import { connectionDirectory } from '../db/source-connections.repo.ts';
import { createFortnox, type Fortnox } from '../fortnox/index.ts';
import { flushRequester, type RequestFlush } from '../jobs/flush-requests.ts';
import type { SyncServices } from '../jobs/handlers/services.ts';
import type { Runtime } from '../runtime.ts';
import { stockholmToday } from '../sink/context.ts';
import { fortnoxPort } from '../sink/fortnox-adapter.ts';
import { fenceHeldLeases } from '../sink/source-lease.ts';
import { sourceNotifier } from '../sources/notifier.ts';
import { SOURCES } from '../sources/registry.ts';
import type { SourceAdapter, SourceServices } from '../sources/source.ts';
import { openSources, parseConnectionSettings, type SourceSet } from '../sources/source-set.ts';
import { createLinkSigner, linkBaseUrl } from '../status/invoice-link.ts';
import type { StatusDeps } from '../status/status-deps.ts';

/**
 * Everything a worker process shares, built once: one Fortnox token store and rate limiter, one
 * notifier (the sync engine and the status side tell the sources through the same one), one flush
 * requester, and every registered source opened with its own clients.
 */

export interface ServiceOptions {
  /** The app's own URL when PUBLIC_URL is not set (local and demo mode; the port may be chosen at run time). */
  localUrl?: () => string;
  /** "Today" for due dates (the demo and tests follow the Fortnox emulator's clock). */
  today?: () => string;
  fortnox?: Fortnox;
  /** Test and script seams per source system (see each adapter's runtime options). */
  sourceOptions?: Readonly<Record<string, unknown>>;
  /** The sources this process serves; the registry's by default (tests add adapters of their own). */
  adapters?: readonly SourceAdapter[];
}

export interface WorkerServices {
  sync: SyncServices;
  status: StatusDeps;
  sources: SourceSet;
  sourceServices: SourceServices;
  requestFlush: RequestFlush;
}

export function workerServices(runtime: Runtime, options: ServiceOptions = {}): WorkerServices {
  const { config, pool, queue } = runtime;
  const logger = runtime.logger;
  // Every write a job sends to Fortnox first proves the job still holds its source record.
  const fortnox = options.fortnox ?? createFortnox({ pool, config, logger, beforeWrite: fenceHeldLeases });
  const requestFlush = flushRequester(queue, logger, config.WRITEBACK_BATCH_MS);
  const links = createLinkSigner({
    appSecret: config.APP_SECRET,
    baseUrl: linkBaseUrl(config, options.localUrl),
    ttlDays: config.INVOICE_LINK_TTL_DAYS,
  });
  const now = () => new Date();
  // Due dates are read against "today" in Stockholm; the demo and tests move it with the emulator's clock.
  const statusToday = options.today ?? (() => stockholmToday());
  const adapters = options.adapters ?? SOURCES;
  const adapterOf = (system: string) => adapters.find((a) => a.system === system);
  const notifier = sourceNotifier({ pool, adapterOf, links, now, requestFlush });
  const parseSettings = (system: string, settings: unknown) => {
    const adapter = adapterOf(system);
    return adapter === undefined
      ? parseConnectionSettings(system, settings)
      : adapter.settingsSchema.parse(settings ?? {});
  };
  const connections = connectionDirectory(pool, deriveKey(config.ENCRYPTION_KEY), parseSettings);
  const sourceServices: SourceServices = {
    pool,
    target: runtime.target,
    logger,
    config,
    queue,
    connections,
    requestFlush,
    ...defined({ sourceOptions: options.sourceOptions }),
  };
  const sources = openSources(sourceServices, adapters);
  const sync: SyncServices = {
    pool,
    logger,
    queue,
    fortnoxFor: (tenantId, jobLogger, signal) => fortnoxPort(fortnox.client(tenantId, jobLogger), signal),
    notifier,
    sources,
  };
  const status: StatusDeps = {
    pool,
    logger: logger.child({ component: 'status' }),
    queue,
    fortnox,
    links,
    notifier,
    today: statusToday,
    now,
    pollIntervalSeconds: config.STATUS_POLL_INTERVAL_SECONDS,
    requestFlush,
  };
  return { sync, status, sources, sourceServices, requestFlush };
}
