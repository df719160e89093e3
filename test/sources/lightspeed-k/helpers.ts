import {
  type LightspeedEmulator,
  type LightspeedEmulatorOptions,
  startLightspeedEmulator,
} from '../../../emulators/lightspeed-k/index.ts';
import { silentLogger } from '../../../src/core/logger.ts';
import { connectionDirectory, saveConnection } from '../../../src/db/source-connections.repo.ts';
import { type LightspeedRuntime, openLightspeed } from '../../../src/sources/lightspeed-k/runtime.ts';
import { lightspeedConfigSchema, lightspeedSettingsSchema } from '../../../src/sources/lightspeed-k/settings.ts';
import type { SourceServices } from '../../../src/sources/source.ts';
import type { VoucherWorld } from '../../sink/voucher-helpers.ts';

/** The Lightspeed emulator's demo location connected as `gotgatan`, beside a voucher world's Fortnox. */
export interface LightspeedWorld {
  ls: LightspeedEmulator;
  runtime: LightspeedRuntime;
  services: SourceServices;
  /** Closes the open business day and lets Lightspeed finish processing it (dataComplete). */
  closeDay(): Promise<string>;
  read(date: string): ReturnType<NonNullable<LightspeedRuntime['readVoucher']>>;
  close(): Promise<void>;
}

export const LOCATION_ID = 471100001;

export async function startLightspeedWorld(
  w: VoucherWorld,
  options: LightspeedEmulatorOptions = {},
  settings: Record<string, unknown> = {},
): Promise<LightspeedWorld> {
  const year = new Date().getFullYear();
  const ls = await startLightspeedEmulator({ port: 0, clockStart: `${year}-06-10T12:00:00+02:00`, ...options });
  const pool = w.h.db.pool;
  const config = {
    ...lightspeedConfigSchema.parse({ LIGHTSPEED_API_URL: ls.url }),
    ENCRYPTION_KEY: w.h.config.ENCRYPTION_KEY,
  };
  const connections = connectionDirectory(pool, w.h.key, (_system, value) => lightspeedSettingsSchema.parse(value));
  const token = ls.mintToken();
  await saveConnection(pool, w.h.key, {
    system: 'lightspeed',
    key: 'gotgatan',
    label: 'Kaffebaren Götgatan',
    credentials: {
      accessToken: token.access_token,
      refreshToken: token.refresh_token,
      expiresAt: Date.now() + 3_000_000,
    },
    settings: { businessLocationId: LOCATION_ID, ...settings },
  });
  const services = {
    pool,
    target: w.h.db.target,
    logger: silentLogger,
    config,
    queue: undefined as never,
    connections,
    requestFlush: async () => undefined,
  } satisfies SourceServices;
  const runtime = openLightspeed(services, { now: () => ls.now() });
  return {
    ls,
    runtime,
    services,
    closeDay: async () => {
      const info = ls.closeDay();
      ls.advanceClock(20 * 60_000);
      return info.date;
    },
    read: async (date) => {
      const connection = (await connections.get('lightspeed', 'gotgatan'))!;
      const ref = { system: 'lightspeed', connection: 'gotgatan', object: 'day', id: date };
      return runtime.readVoucher!({ connection, logger: silentLogger, signal: new AbortController().signal }, ref);
    },
    close: () => ls.close(),
  };
}
