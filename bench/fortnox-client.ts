import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { resolve } from 'node:path';
import pg from 'pg';
import { startFortnoxEmulator } from '../emulators/fortnox/index.ts';
import { loadConfig } from '../src/config.ts';
import { deriveKey } from '../src/core/crypto.ts';
import { silentLogger } from '../src/core/logger.ts';
import { createPool } from '../src/db/connection.ts';
import { migrateUp } from '../src/db/migrate.ts';
import { saveConnection } from '../src/fortnox/auth/connections.ts';
import { createFortnox, isFortnoxError } from '../src/fortnox/index.ts';
import { maxInWindow, recordAcceptedRequests } from '../test/fortnox/helpers/harness.ts';
import { startTestServer } from '../test/helpers/postgres-server.ts';

/**
 * npm run bench:fortnox — how close the shared Postgres limiter runs to Fortnox's ceiling
 * (25 requests per 5 s per tenant) without a single 429. Postgres as the tests get it (local
 * server or embedded), the emulator in-process with its real limit, N concurrent callers on one
 * tenant for BENCH_DURATION_MS (default 30 s). Writes bench/results/fortnox-client.json.
 */

const CEILING = 25;
const WINDOW_MS = 5000;
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 30_000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const database = `fortnox_sync_bench_${process.pid}`;

const server = await startTestServer();
const admin = new pg.Client({ connectionString: server.adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${database}`);
const url = new URL(server.adminUrl);
url.pathname = `/${database}`;
const target = { url: url.toString(), ssl: false as const };
await migrateUp(target, silentLogger);
const pool = createPool(target, 20, 'fortnox-bench');
const emu = await startFortnoxEmulator({ port: 0 });

try {
  const config = loadConfig('worker', { NODE_ENV: 'test', FORTNOX_API_URL: emu.url, FORTNOX_AUTH_URL: emu.url });
  const token = emu.mintToken({ tenantId: 1001 });
  await saveConnection(pool, deriveKey(config.ENCRYPTION_KEY), 'authorization_code', {
    accessToken: token.access_token,
    refreshToken: token.refresh_token,
    expiresInSeconds: token.expires_in,
    scope: token.scope,
    tenantId: '1001',
  });
  const client = createFortnox({ pool, config, logger: silentLogger }).client('1001');
  const log = recordAcceptedRequests(emu);
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  const started = emu.now();
  const deadline = Date.now() + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        const t = performance.now();
        try {
          await client.settings.companyInformation();
          latencies.push(performance.now() - t);
        } catch (error) {
          const code = isFortnoxError(error) ? error.code : String(error);
          errors[code] = (errors[code] ?? 0) + 1;
        }
      }
    }),
  );
  const stats = emu.stats(1001) as { rateLimited: number; requests: number };

  // The first window is a burst of `limit` requests by design; the sustained rate is what follows.
  const steady = log.accepted.filter((at) => at >= started + WINDOW_MS && at < started + durationMs);
  const perWindow = steady.length / ((durationMs - WINDOW_MS) / WINDOW_MS);
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p: number): number =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
  const result = {
    ceiling_fraction: Number((perWindow / CEILING).toFixed(4)),
    http_429_count: stats.rateLimited,
    sustained_requests_per_5s: Number(perWindow.toFixed(2)),
    ceiling_requests_per_5s: CEILING,
    configured_limit_per_window: config.FORTNOX_RATE_LIMIT,
    max_requests_in_any_5s_window: maxInWindow(log.accepted, WINDOW_MS),
    requests_total: log.accepted.length,
    client_errors: errors,
    concurrency,
    duration_ms: durationMs,
    call_latency_ms_including_limiter_wait: { p50: pct(0.5), p95: pct(0.95), max: pct(1) },
    postgres: server.kind,
    commit: execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim(),
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memory_gb: Math.round(totalmem() / 2 ** 30),
      os: `${platform()} ${release()}`,
      node: process.version,
    },
    date: new Date().toISOString(),
  };
  const out = resolve(import.meta.dirname, 'results/fortnox-client.json');
  mkdirSync(resolve(import.meta.dirname, 'results'), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(
    `fortnox client: ${result.sustained_requests_per_5s} requests per 5 s sustained = ${result.ceiling_fraction} of the ${CEILING}/5 s ceiling (goal ≥ 0.95); ` +
      `429s: ${result.http_429_count} (goal 0); busiest 5 s window: ${result.max_requests_in_any_5s_window}; ` +
      `${concurrency} callers, ${durationMs / 1000} s, Postgres ${server.kind} → ${out}\n`,
  );
} finally {
  await emu.close();
  await pool.end();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
  await server.stop();
}
