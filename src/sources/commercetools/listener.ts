import type { Logger } from '../../core/logger.ts';
import { LeaderLock } from '../../jobs/leader-lock.ts';
import type { SourceConnection, SourceServices } from '../source.ts';
import { type ApiCache, type CtApi, statusOf } from './client.ts';
import type { CommercetoolsConfig } from './config.ts';
import { type FeedRead, readFeed } from './feed.ts';
import { type FeedCheckpoint, FeedStore } from './feed-store.ts';
import { SYSTEM } from './ids.ts';
import { reconcileProject } from './reconcile.ts';
import { type Bookkeeping, commercetoolsSettingsSchema } from './settings.ts';

/**
 * The change feed of every commercetools project, in the worker: one leader at a time (Postgres
 * advisory lock, like the Salesforce stream) reads each active project's Messages every few
 * seconds, and reconciles by `lastModifiedAt` on start, periodically, and whenever messages are
 * disabled or have expired — said on the dashboard as a connection error, never silence.
 */

export type FeedSignal =
  | { type: 'leading' }
  | { type: 'read'; connection: string; read: FeedRead }
  | { type: 'reconciled'; connection: string; reason: string; created: number };

const START = '1970-01-01T00:00:00.000Z';
/** How often the project's message settings (enabled, retention) are read again. */
const SETTINGS_MS = 60_000;

export function disabledMessage(project: string, reconcileMs: number): string {
  return `Messages are turned off in the commercetools project “${project}” (or its API client lacks the view_messages scope), so changes are only picked up by a re-read every ${Math.max(1, Math.round(reconcileMs / 60_000))} minute(s). Turn Messages on in the Merchant Center (Settings → Project settings → Messages) so orders reach Fortnox within seconds.`;
}

interface ProjectState {
  lastReconcile: number;
  settingsAt: number;
  enabled: boolean;
  retentionDays: number;
}

export function startCommercetoolsFeed(
  services: SourceServices,
  apis: ApiCache,
  config: CommercetoolsConfig,
  observe: (signal: FeedSignal) => void = () => undefined,
): { stop(): Promise<void> } {
  const logger: Logger = services.logger.child({ component: 'commercetools-feed' });
  const store = new FeedStore(services.pool, services.queue);
  const projects = new Map<string, ProjectState>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let leading = false;

  const reconcile = async (api: CtApi, key: string, since: Date, reason: string, model: Bookkeeping) => {
    const r = await reconcileProject(api, store, key, since, reason, model);
    observe({ type: 'reconciled', connection: key, reason, created: r.created });
    logger.info('commercetools reconciliation', { connection: key, reason, read: r.recordsRead, enqueued: r.created });
  };

  const project = async (api: CtApi, key: string): Promise<ProjectState> => {
    const known = projects.get(key) ?? { lastReconcile: 0, settingsAt: 0, enabled: true, retentionDays: 15 };
    if (Date.now() - known.settingsAt >= SETTINGS_MS) {
      known.settingsAt = Date.now();
      try {
        const p = (await api.get().execute()).body;
        known.enabled = p.messages.enabled;
        known.retentionDays = p.messages.deleteDaysAfterCreation ?? 15;
      } catch (error) {
        // Without view_project_settings the project cannot be read: the messages query itself tells whether they are on.
        if (statusOf(error) !== 403) throw error;
        known.enabled = true;
        logger.debug('commercetools project settings not readable; assuming 15 days of messages', { connection: key });
      }
    }
    projects.set(key, known);
    return known;
  };

  const tickConnection = async (connection: SourceConnection) => {
    const api = apis.for(connection);
    const key = connection.key;
    const model = commercetoolsSettingsSchema.parse(connection.settings ?? {}).bookkeeping;
    const state = await project(api, key);
    const stored = await store.readFeed(key);
    const checkpoint: FeedCheckpoint = stored ?? { at: START, seen: [], seq: {} };
    const retentionStart = Date.now() - state.retentionDays * 86_400_000;
    if (stored !== undefined && Date.parse(stored.readAt ?? stored.at) < retentionStart) {
      // Messages we never read are gone: re-read what changed since, then read on from what is left.
      await reconcile(api, key, new Date(stored.readAt ?? stored.at), 'messages_expired', model);
      const position = JSON.stringify({ ...stored, readAt: new Date().toISOString() });
      await store.commit(key, 'messages', { jobs: [], position });
    }
    let read: FeedRead = { kind: 'unavailable', reason: 'disabled' };
    if (state.enabled) {
      let current = checkpoint;
      for (;;) {
        read = await readFeed(api, store, key, current, apis.clientId(connection), model);
        observe({ type: 'read', connection: key, read });
        if (read.kind !== 'read' || !read.more) break;
        current = (await store.readFeed(key)) ?? current;
      }
      if (read.kind === 'read' && read.gaps.length > 0)
        logger.warn('commercetools message sequence gap; resources re-read', {
          connection: key,
          resources: read.gaps.length,
        });
    }
    const unavailable = read.kind === 'unavailable';
    if (unavailable)
      await services.connections.markError(SYSTEM, key, disabledMessage(key, config.COMMERCETOOLS_RECONCILE_MS));
    else if (connection.lastError !== null) await services.connections.clearError(SYSTEM, key);
    // Without messages the re-read is the feed: it runs as often as the messages would have been read, times six.
    const interval = unavailable ? config.COMMERCETOOLS_POLL_MS * 6 : config.COMMERCETOOLS_RECONCILE_MS;
    if (state.lastReconcile === 0 || Date.now() - state.lastReconcile >= interval) {
      const position = await store.read(`${key}:reconcile`);
      state.lastReconcile = Date.now();
      if (position !== undefined || unavailable) {
        await reconcile(
          api,
          key,
          new Date(position ?? START),
          unavailable ? 'messages_unavailable' : 'scheduled',
          model,
        );
      } else {
        // A new project: the Messages feed starts from the beginning of its retention; re-reads start now.
        await store.commit(key, 'reconcile', { jobs: [], position: new Date().toISOString() });
      }
    }
  };

  const tick = async () => {
    timer = undefined;
    if (!leading) return;
    let connections: SourceConnection[] = [];
    try {
      connections = await services.connections.list(SYSTEM);
    } catch (error) {
      // The database away must neither end the worker nor stop the feed: the next tick asks again.
      logger.warn('commercetools feed could not read the connections; tried again shortly', { error: String(error) });
    }
    for (const connection of connections) {
      if (connection.state !== 'active' || !leading) continue;
      try {
        await tickConnection(connection);
      } catch (error) {
        logger.warn('commercetools feed read failed; tried again shortly', {
          connection: connection.key,
          error: String(error),
        });
      }
    }
    if (leading) timer = setTimeout(() => (running = tick()), config.COMMERCETOOLS_POLL_MS);
  };

  const lock = new LeaderLock({
    target: services.target,
    logger,
    label: 'commercetools feed',
    pollMs: Math.min(3000, config.COMMERCETOOLS_POLL_MS * 2),
    onAcquired: () => {
      leading = true;
      projects.clear();
      observe({ type: 'leading' });
      running = running.then(tick);
    },
    onLost: () => {
      leading = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  });
  lock.start();
  return {
    stop: async () => {
      leading = false;
      if (timer !== undefined) clearTimeout(timer);
      await running;
      await lock.stop();
    },
  };
}
