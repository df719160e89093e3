import {
  type FortnoxEmulator,
  type FortnoxEmulatorOptions,
  startFortnoxEmulator,
} from '../../../emulators/fortnox/index.ts';
import { type Config, loadConfig } from '../../../src/config.ts';
import { deriveKey } from '../../../src/core/crypto.ts';
import { type Logger, silentLogger } from '../../../src/core/logger.ts';
import { type ConnectionKind, saveConnection } from '../../../src/fortnox/auth/connections.ts';
import { createFortnox, type Fortnox, type FortnoxOptions } from '../../../src/fortnox/client.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';

/**
 * One test file's world: its own Postgres database, a Fortnox emulator in-process on port 0, and
 * the configuration a process would load pointing at both.
 */
export interface FortnoxHarness {
  db: TestDatabase;
  emu: FortnoxEmulator;
  config: Config;
  key: Buffer;
  /** A Fortnox service as a process builds it (retry waits shortened unless told otherwise). */
  fortnox(overrides?: Partial<FortnoxOptions>): Fortnox;
  /** Consents in the emulator and stores the connection, as the OAuth callback would. */
  connect(tenantId?: number, kind?: ConnectionKind): Promise<void>;
  close(): Promise<void>;
}

export const TENANT = '1001';

export function configFor(emulatorUrl: string, env: Record<string, string> = {}): Config {
  return loadConfig('all', { NODE_ENV: 'test', FORTNOX_API_URL: emulatorUrl, FORTNOX_AUTH_URL: emulatorUrl, ...env });
}

export async function startHarness(
  options: { emulator?: FortnoxEmulatorOptions; env?: Record<string, string>; logger?: Logger } = {},
): Promise<FortnoxHarness> {
  const db = await createTestDatabase();
  const emu = await startFortnoxEmulator({ port: 0, ...options.emulator });
  const config = configFor(emu.url, options.env);
  const key = deriveKey(config.ENCRYPTION_KEY);
  return {
    db,
    emu,
    config,
    key,
    fortnox: (overrides = {}) =>
      createFortnox({
        pool: db.pool,
        config,
        logger: options.logger ?? silentLogger,
        retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 200 },
        ...overrides,
      }),
    connect: async (tenantId = Number(TENANT), kind = 'authorization_code') => {
      const answer = emu.mintToken({ tenantId, accountType: kind === 'service_account' ? 'service' : 'user' });
      await saveConnection(db.pool, key, kind, {
        accessToken: answer.access_token,
        refreshToken: kind === 'service_account' ? undefined : answer.refresh_token,
        expiresInSeconds: answer.expires_in,
        scope: answer.scope,
        tenantId: String(tenantId),
      });
    },
    close: async () => {
      await emu.close();
      await db.drop();
    },
  };
}

/**
 * The emulator counts requests but keeps no per-request times, so tests that must prove "never more
 * than 25 in any 5 s" record the accepted instants by wrapping the emulator's own limiter. The
 * wrapper only observes: it returns exactly what the limiter decided.
 */
export function recordAcceptedRequests(emu: FortnoxEmulator): { accepted: number[]; refused: number[] } {
  const log = { accepted: [] as number[], refused: [] as number[] };
  const limiter = emu.state.limiter;
  const take = limiter.take.bind(limiter);
  limiter.take = (clientId: string, tenantId: number): boolean => {
    const allowed = take(clientId, tenantId);
    (allowed ? log.accepted : log.refused).push(emu.now());
    return allowed;
  };
  return log;
}

/** The most requests less than `windowMs` apart, i.e. inside one of Fortnox's sliding windows. */
export function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}
