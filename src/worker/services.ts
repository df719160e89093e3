import { deriveKey } from '../core/crypto.ts';
import { connectionDirectory } from '../db/source-connections.repo.ts';
import { createFortnox, type Fortnox } from '../fortnox/index.ts';
import { flushRequester, type RequestFlush } from '../jobs/flush-requests.ts';
import type { SyncServices } from '../jobs/handlers/services.ts';
import type { Runtime } from '../runtime.ts';
import { stockholmToday } from '../sink/context.ts';
import { fortnoxPort } from '../sink/fortnox-adapter.ts';
import { sourceNotifier } from '../sources/notifier.ts';
import { sourceAdapter } from '../sources/registry.ts';
import type { SourceServices } from '../sources/source.ts';
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
  const fortnox = options.fortnox ?? createFortnox({ pool, config, logger });
  const requestFlush = flushRequester(queue, logger, config.WRITEBACK_BATCH_MS);
  const links = createLinkSigner({
    appSecret: config.APP_SECRET,
    baseUrl: linkBaseUrl(config, options.localUrl),
    ttlDays: config.INVOICE_LINK_TTL_DAYS,
  });
  const now = () => new Date();
  // Due dates are read against "today" in Stockholm; the demo and tests move it with the emulator's clock.
  const statusToday = options.today ?? (() => stockholmToday());
  const notifier = sourceNotifier({ pool, adapterOf: sourceAdapter, links, now, requestFlush });
  const connections = connectionDirectory(pool, deriveKey(config.ENCRYPTION_KEY), parseConnectionSettings);
  const sourceServices: SourceServices = {
    pool,
    target: runtime.target,
    logger,
    config,
    queue,
    connections,
    requestFlush,
    ...(options.sourceOptions === undefined ? {} : { sourceOptions: options.sourceOptions }),
  };
  const sources = openSources(sourceServices);
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
