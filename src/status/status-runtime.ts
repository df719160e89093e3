import type { PgBoss } from 'pg-boss';
import type { Config } from '../config.ts';
import { defined } from '../core/optional.ts';
import type { DatabaseTarget } from '../db/connection.ts';
import type { StatusDeps } from './status-deps.ts';
import { startStatusSchedules } from './status-schedule.ts';
import { type TopicsSignal, TopicsSubscriber } from './topics-subscriber.ts';

/**
 * Starting the status side in a worker process: the poll chain and crons, and the Fortnox
 * WebSocket subscriber (only one process per deployment holds it, by advisory lock).
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
  boss: PgBoss,
  config: Config,
  target: DatabaseTarget,
  deps: StatusDeps,
  options: StartStatusOptions = {},
): Promise<StatusSync> {
  await startStatusSchedules(boss, deps);
  const subscriber = config.FORTNOX_WS_ENABLED
    ? new TopicsSubscriber({
        url: fortnoxTopicsUrl(config),
        clientSecret: config.FORTNOX_CLIENT_SECRET,
        deps,
        target,
        ...defined({ observe: options.observe, lockPollMs: options.lockPollMs }),
      }).start()
    : undefined;
  return { subscriber, stop: async () => subscriber?.stop() };
}
