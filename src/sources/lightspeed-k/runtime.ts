import { deriveKey } from '../../core/crypto.ts';
import type { SourceRef } from '../../core/documents.ts';
import { defined } from '../../core/optional.ts';
import { withTransaction } from '../../db/connection.ts';
import { saveConnection } from '../../db/source-connections.repo.ts';
import { LeaderLock } from '../../jobs/leader-lock.ts';
import type { ReadContext, SourceConnection, SourceRuntime, SourceServices, VoucherRead } from '../source.ts';
import { refreshTokens, salesDaily } from './api.ts';
import { connectRoutes } from './connect.ts';
import { dayVoucher } from './day-voucher.ts';
import { onAccountReads } from './on-account-read.ts';
import { pollLocations, SYSTEM } from './poll.ts';
import {
  type LightspeedConfig,
  type LightspeedCredentials,
  type LightspeedSettings,
  lightspeedCredentialsSchema,
} from './settings.ts';

/**
 * Lightspeed K-Series in one process: reads a business day as it is now (a voucher once Lightspeed
 * says `dataComplete`), and in the worker polls every connected location for closed days (poll.ts:
 * the lookback plus every day since the location's checkpoint). Only one worker process polls (a
 * leader lock); the others stand by.
 */

/** The runtime, plus one poll on demand (tests and scripts do not wait for the interval). */
export type LightspeedRuntime = SourceRuntime & { pollOnce(): Promise<number> };

export interface LightspeedOptions {
  now?: () => number;
  /** How often a standby poller tries the leader lock (default 3 s). */
  leaderPollMs?: number;
  /** Called after each poll this process made (tests). */
  observePoll?: (queued: number) => void;
}

export function openLightspeed(services: SourceServices, options: LightspeedOptions = {}): LightspeedRuntime {
  const config = services.config as unknown as LightspeedConfig & { ENCRYPTION_KEY: string };
  const now = options.now ?? Date.now;
  const key = deriveKey(config.ENCRYPTION_KEY);

  /** A usable access token; a refresh (single-use token) happens under a lock so two processes never spend one twice. */
  async function accessToken(connection: SourceConnection): Promise<string | undefined> {
    const creds = lightspeedCredentialsSchema.safeParse(connection.credentials);
    if (!creds.success) return undefined;
    if (creds.data.expiresAt > now() + 60_000) return creds.data.accessToken;
    return withTransaction(services.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`lightspeed-token:${connection.key}`]);
      const fresh = await services.connections.get(SYSTEM, connection.key);
      const current = lightspeedCredentialsSchema.safeParse(fresh?.credentials);
      if (current.success && current.data.expiresAt > now() + 60_000) return current.data.accessToken;
      const refreshToken = current.success ? current.data.refreshToken : creds.data.refreshToken;
      const pair: LightspeedCredentials = await refreshTokens(
        config.LIGHTSPEED_API_URL,
        { id: config.LIGHTSPEED_CLIENT_ID, secret: config.LIGHTSPEED_CLIENT_SECRET },
        refreshToken,
      );
      await saveConnection(client, key, {
        system: SYSTEM,
        key: connection.key,
        label: connection.label ?? connection.key,
        credentials: pair,
      });
      return pair.accessToken;
    });
  }

  async function readVoucher(ctx: ReadContext, ref: SourceRef): Promise<VoucherRead> {
    const settings = ctx.connection.settings as LightspeedSettings;
    const location = settings.location ?? ctx.connection.key;
    const title = `The Z report of ${location} for ${ref.id}`;
    const token = await accessToken(ctx.connection);
    if (token === undefined)
      return {
        kind: 'blocked',
        title,
        code: 'lightspeed_not_connected',
        message: `The Lightspeed location “${location}” is not connected. Connect it from the dashboard; its days are posted then.`,
      };
    if (settings.startDate !== null && ref.id < settings.startDate) return { kind: 'gone' }; // before the first day this service posts: the old system booked it
    const day = await salesDaily(config.LIGHTSPEED_API_URL, token, settings.businessLocationId, ref.id, ctx.signal);
    if (!day.dataComplete)
      return {
        kind: 'blocked',
        title,
        code: 'lightspeed_day_open',
        message: `Lightspeed has not finished ${ref.id} for “${location}” yet (the day is not closed or still processing). It is posted once Lightspeed reports the day complete.`,
      };
    return dayVoucher(ref, settings, location, day);
  }

  const { readDocument, readCredit, invoicedBefore } = onAccountReads(services, config.LIGHTSPEED_API_URL, accessToken);

  const pollOnce = pollLocations({
    services,
    apiUrl: config.LIGHTSPEED_API_URL,
    now,
    accessToken,
    invoicedBefore,
  });

  return {
    readDocument,
    readCustomer: async () => ({ kind: 'gone' }),
    readVoucher,
    readCredit,
    routes: (router) => connectRoutes(router, services, now),
    start: async () => {
      // One poller across worker processes: the leader polls, a standby takes over when it goes.
      let leading = false;
      let running: Promise<unknown> = Promise.resolve();
      const tick = () => {
        if (!leading) return;
        running = running.then(() =>
          pollOnce()
            .then((queued) => options.observePoll?.(queued))
            .catch((error: unknown) =>
              services.logger.warn('lightspeed poll failed; tried again next time', { error: String(error) }),
            ),
        );
      };
      const lock = new LeaderLock({
        target: services.target,
        logger: services.logger,
        label: 'lightspeed poller',
        ...defined({ pollMs: options.leaderPollMs }),
        onAcquired: () => {
          leading = true;
          tick();
        },
        onLost: () => {
          leading = false;
        },
      });
      lock.start();
      const timer = setInterval(tick, config.LIGHTSPEED_POLL_SECONDS * 1000);
      return {
        stop: async () => {
          clearInterval(timer);
          leading = false;
          await running;
          await lock.stop();
        },
      };
    },
    pollOnce,
  };
}
