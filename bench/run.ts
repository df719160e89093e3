import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { TenantStats } from '../emulators/fortnox/index.ts';
import { DEMO_TENANT, type Stack, startStack } from '../scripts/stack.ts';
import { runConsoleBenchInto } from './console.ts';
import { DraftWatch } from './drafts.ts';
import { createBenchDatabase, gitCommit, machine } from './environment.ts';
import { burst, lightLoad, warmUp } from './phases.ts';
import { type BenchResult, printTable, writeResult } from './report.ts';
import { seedAccounts, seedCatalogue, seedFortnoxArticles, seedOpportunities } from './seed.ts';
import { runStatusBenchInto } from './status.ts';
import { peakSampler, percentile, round } from './timing.ts';
import { forkStackWorker, perInvoice, type WorkerChild } from './worker-child.ts';

/**
 * npm run bench — issue #5's end-to-end benchmark: won Opportunities in the Salesforce emulator
 * become drafts in the Fortnox emulator (real limit, 25 requests per 5 s) through the app's own
 * worker process (stream listener + job handlers, default limiter 24 per 5 s) and Postgres.
 * Phases: seed → warm-up → light load (latency) → burst of BENCH_INVOICES (default 1,000) deals.
 * Writes bench/results/latest.json; see bench/README.md for what each figure means.
 */

// `npm run bench -- --tenants 10`: several companies at once (bench/tenants.ts), merged into the same file.
const tenantsArg = process.argv.indexOf('--tenants');
const TENANTS = tenantsArg >= 0 ? Number(process.argv[tenantsArg + 1]) : 1;
if (!Number.isInteger(TENANTS) || TENANTS < 1) {
  process.stderr.write('--tenants wants a whole number of companies, e.g. --tenants 10\n');
  process.exit(2);
}
if (TENANTS > 1) {
  const { runTenantsBench } = await import('./tenants.ts');
  const out = resolve(import.meta.dirname, 'results', process.env.BENCH_RESULT ?? 'latest.json');
  await runTenantsBench(TENANTS, out).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}

// `npm run bench -- --source bigcommerce`: one source system end to end (bench/sources/), merged into the same file.
const sourceArg = process.argv.indexOf('--source');
if (sourceArg >= 0) {
  const { runSourceBench, sourceDriver } = await import('./sources/index.ts');
  const driver = sourceDriver(process.argv[sourceArg + 1] ?? '');
  const out = resolve(import.meta.dirname, 'results', process.env.BENCH_RESULT ?? 'latest.json');
  await runSourceBench(driver, out).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}

const INVOICES = Number(process.env.BENCH_INVOICES ?? 1000);
const LIGHT = Number(process.env.BENCH_LIGHT ?? 30);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 50);
const TENANT = Number(DEMO_TENANT);
const FORTNOX_REQUESTS_PER_MIN = 300; // 25 per 5 s
const MB = 2 ** 20;
const OUT = resolve(import.meta.dirname, 'results', process.env.BENCH_RESULT ?? 'latest.json');

const t = { start: performance.now() } as Record<string, number>;
const seconds = (from: number, to: number): number => round((to - from) / 1000, 1);
const benchRss = peakSampler(() => process.memoryUsage().rss, 100);
const db = await createBenchDatabase();
let stack: Stack | undefined;
let worker: WorkerChild | undefined;
let failed = false;
try {
  stack = await startStack({
    databaseUrl: db.url,
    worker: false,
    env: { LOG_LEVEL: 'warn' },
    // The daily API allocation is not what is measured here; a bench run must not run out of it.
    salesforceOptions: { dailyApiLimit: 10_000_000 },
  });
  const h = stack.salesforce.handle;
  const catalogue = seedCatalogue(h);
  const accounts = seedAccounts(h, ACCOUNTS);
  const warmupIds = seedOpportunities(h, catalogue, accounts, accounts.length, 'Uppstart', 11);
  const lightIds = seedOpportunities(h, catalogue, accounts, LIGHT, 'Enstaka affär', 22);
  const burstIds = seedOpportunities(h, catalogue, accounts, INVOICES, 'Affär', 33);
  await seedFortnoxArticles(stack.fortnox, TENANT);
  t.seeded = performance.now();

  const watch = new DraftWatch(stack.fortnox, TENANT);
  worker = forkStackWorker(stack, db.url);
  await worker.ready;
  t.workerReady = performance.now();

  await warmUp(stack, watch, warmupIds);
  const warmupStats = { ...(stack.fortnox.stats(TENANT) as TenantStats) };
  t.warmedUp = performance.now();
  // The warm-up ends with the limiter's window full; light load must start from an idle tenant.
  await delay(stack.config.FORTNOX_RATE_WINDOW_MS + 500);

  t.lightStart = performance.now();
  const latencies = await lightLoad(
    stack,
    watch,
    lightIds,
    stack.config.FORTNOX_RATE_WINDOW_MS / stack.config.FORTNOX_RATE_LIMIT,
  );
  t.lightEnd = performance.now();
  const lightRequests = (stack.fortnox.stats(TENANT) as TenantStats).requests - warmupStats.requests;
  await delay(stack.config.FORTNOX_RATE_WINDOW_MS + 500);

  stack.fortnox.resetStats();
  h.resetCounters();
  const usageBefore = await worker.usage();
  const times = await burst(stack, watch, burstIds, 6 * 60_000);
  const usageAfter = await worker.usage();
  const fortnox = stack.fortnox.stats(TENANT) as TenantStats;
  const salesforce = h.counters();
  const workerPeak = await worker.stop();
  const problems = worker.problems();
  const samples = worker.problemSamples();
  worker = undefined;

  const requestsPerInvoice = fortnox.requests / INVOICES;
  const perMin = ((INVOICES - 1) / (times.lastDraftAt - times.firstDraftAt)) * 60_000;
  const result: BenchResult = {
    invoices_per_min_per_tenant: round(perMin, 1),
    ceiling_invoices_per_min: round(FORTNOX_REQUESTS_PER_MIN / requestsPerInvoice, 1),
    fortnox_requests_per_invoice: round(requestsPerInvoice, 3),
    salesforce_calls_per_invoice: round(salesforce.apiTotal / INVOICES, 3),
    http_429_count: fortnox.rateLimited,
    latency_p50_ms: Math.round(percentile(latencies, 50)),
    latency_p95_ms: Math.round(percentile(latencies, 95)),
    worker_peak_rss_mb: round(workerPeak / MB, 1),
    ...perInvoice(usageBefore, usageAfter, INVOICES),
    app_limiter_ceiling_invoices_per_min: round(
      (FORTNOX_REQUESTS_PER_MIN * stack.config.FORTNOX_RATE_LIMIT) / 25 / requestsPerInvoice,
      1,
    ),
    limiter: {
      fortnox: '25 per 5000 ms',
      app: `${stack.config.FORTNOX_RATE_LIMIT} per ${stack.config.FORTNOX_RATE_WINDOW_MS} ms`,
      app_factor: round(stack.config.FORTNOX_RATE_LIMIT / 25, 2),
    },
    share_of_ceiling: round(perMin / (FORTNOX_REQUESTS_PER_MIN / requestsPerInvoice), 3),
    invoices: INVOICES,
    tenant: DEMO_TENANT,
    worker: {
      process: 'child (bench/worker-process.ts: the npm run worker wiring)',
      concurrency: stack.config.WORKER_CONCURRENCY,
      log_warnings_and_errors: problems,
      log_samples: samples,
      // Not the app as committed when set: see bench/README.md "What limits throughput".
    },
    fortnox_burst: { requests: fortnox.requests, by_status: fortnox.byStatus, dropped: fortnox.dropped },
    fortnox_warmup: {
      opportunities: warmupIds.length,
      requests: warmupStats.requests,
      http_429: warmupStats.rateLimited,
    },
    fortnox_light_load: { opportunities: lightIds.length, requests: lightRequests },
    salesforce_burst: {
      api_total: salesforce.apiTotal,
      by_endpoint: salesforce.byEndpoint,
      counted:
        'REST calls under /services/data (SOQL, describe, composite write-backs); not OAuth token calls, not CometD',
    },
    latency: {
      samples: latencies.length,
      min_ms: Math.round(Math.min(...latencies)),
      max_ms: Math.round(Math.max(...latencies)),
      from: 'StageName update → invoice-created-v1',
    },
    duplicate_drafts: watch.duplicates,
    bench_process_peak_rss_mb: round(benchRss.stop() / MB, 1),
    durations_s: {
      seed: seconds(t.start!, t.seeded!),
      worker_start: seconds(t.seeded!, t.workerReady!),
      warm_up: seconds(t.workerReady!, t.warmedUp!),
      light_load: seconds(t.lightStart!, t.lightEnd!),
      burst_marking: round(times.markingMs / 1000, 2),
      burst_won_to_first_draft: seconds(times.wonAt, times.firstDraftAt),
      burst_first_to_last_draft: seconds(times.firstDraftAt, times.lastDraftAt),
      burst_last_draft_to_last_writeback: seconds(times.lastDraftAt, times.writtenBackAt),
      total: seconds(t.start!, performance.now()),
    },
    postgres: db.kind,
    commit: gitCommit(),
    machine: machine(),
    date: new Date().toISOString(),
  };
  watch.stop();
  // The per-source and many-company benches keep their figures in the same file, under their keys.
  const previous = existsSync(OUT) ? (JSON.parse(readFileSync(OUT, 'utf8')) as Record<string, unknown>) : {};
  writeResult({ ...previous, ...result } as BenchResult, OUT);
  printTable(result);
  process.stdout.write(`→ ${OUT}\n`);
} catch (error) {
  failed = true;
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  if (worker)
    process.stderr.write(
      `worker log (last lines):\n${worker.logTail()}\nworker warnings/errors: ${JSON.stringify(worker.problems())}\n`,
    );
} finally {
  await worker?.stop().catch(() => undefined);
  await stack?.stop();
  await db.drop();
}
// Issue #6's status figures (bench/status.ts), merged into the same file; BENCH_STATUS=0 skips them.
if (!failed && process.env.BENCH_STATUS !== '0')
  await runStatusBenchInto(OUT).catch((error: unknown) => {
    failed = true;
    process.stderr.write(`status bench failed: ${String(error)}\n`);
  });
// Issue #15's console figure (bench/console.ts); BENCH_CONSOLE=0 skips it.
if (!failed && process.env.BENCH_CONSOLE !== '0')
  await runConsoleBenchInto(OUT).catch((error: unknown) => {
    failed = true;
    process.stderr.write(`console bench failed: ${String(error)}\n`);
  });
process.exit(failed ? 1 : 0);
