import type { Config } from '../config.ts';
import type { SyncServices } from '../jobs/handlers/services.ts';
import type { Runtime } from '../runtime.ts';
import type { SourceNotifier } from '../sink/context.ts';
import { queueWriteback } from '../sources/salesforce/writeback-outbox.ts';
import { documentFields } from './status-apply.ts';
import { type StatusDeps, type StatusDepsOptions, statusDeps } from './status-deps.ts';
import { startStatusSchedules } from './status-schedule.ts';
import { type TopicsSignal, TopicsSubscriber } from './topics-subscriber.ts';

/**
 * Wiring of the status side into a worker process (worker, `npm start`, the stack): the deps the
 * handlers take, the sync engine's notifier with the PDF link added, the poll chain and crons, and
 * the Fortnox WebSocket subscriber (only one process per deployment holds it, by advisory lock).
 */

export const PRODUCTION_TOPICS_URL = 'wss://ws.fortnox.se/topics-v1';

/** FORTNOX_WS_URL, else Fortnox's in production, else the emulator beside FORTNOX_API_URL. */
export function fortnoxTopicsUrl(config: Pick<Config, 'FORTNOX_WS_URL' | 'FORTNOX_API_URL' | 'NODE_ENV'>): string {
  if (config.FORTNOX_WS_URL !== undefined) return config.FORTNOX_WS_URL;
  if (config.NODE_ENV === 'production') return PRODUCTION_TOPICS_URL;
  const url = new URL(config.FORTNOX_API_URL);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = '/topics-v1';
  return url.toString();
}

/** Drafts written back by the sync engine carry the PDF link too, not only later status changes. */
function withInvoiceLinks(base: SourceNotifier, deps: StatusDeps, requestFlush: () => Promise<void>): SourceNotifier {
  return {
    ...base,
    documentChanged: async (record) => {
      await queueWriteback(deps.pool, record.source, documentFields(record, deps.links, deps.now()));
      await requestFlush();
    },
  };
}

export interface StatusWiring {
  deps: StatusDeps;
  /** The sync services with the link-adding notifier. */
  sync: SyncServices;
}

export function wireStatus(runtime: Runtime, sync: SyncServices, options: StatusDepsOptions = {}): StatusWiring {
  const deps = statusDeps(runtime, options);
  return { deps, sync: { ...sync, notifier: withInvoiceLinks(sync.notifier, deps, sync.requestFlush) } };
}

export interface StatusSync {
  subscriber: TopicsSubscriber | undefined;
  stop(): Promise<void>;
}

export interface StartStatusOptions {
  observe?: (signal: TopicsSignal) => void;
  lockPollMs?: number;
}

/** Starts the poll chain and crons, and the WebSocket subscriber unless FORTNOX_WS_ENABLED=false. */
export async function startStatusSync(
  runtime: Runtime,
  deps: StatusDeps,
  options: StartStatusOptions = {},
): Promise<StatusSync> {
  await startStatusSchedules(runtime.boss, deps);
  const { config } = runtime;
  const subscriber = config.FORTNOX_WS_ENABLED
    ? new TopicsSubscriber({
        url: fortnoxTopicsUrl(config),
        clientSecret: config.FORTNOX_CLIENT_SECRET,
        deps,
        target: runtime.target,
        ...(options.observe === undefined ? {} : { observe: options.observe }),
        ...(options.lockPollMs === undefined ? {} : { lockPollMs: options.lockPollMs }),
      }).start()
    : undefined;
  return { subscriber, stop: async () => subscriber?.stop() };
}
