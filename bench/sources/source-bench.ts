import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import type { TenantStats } from '../../emulators/fortnox/index.ts';
import { DEMO_TENANT, type Stack, startStack } from '../../scripts/stack.ts';
import { DraftWatch } from '../drafts.ts';
import { createBenchDatabase, gitCommit, machine } from '../environment.ts';
import { writeResult } from '../report.ts';
import { percentile, round } from '../timing.ts';
import { forkStackWorker, perInvoice, type WorkerChild } from '../worker-child.ts';
import { drained } from './drained.ts';
import type { SourceDriver } from './driver.ts';
import { byRoute, sourceFigures, sourceSummary } from './figures.ts';

/**
 * `npm run bench -- --source <system>`: one source system end to end — its emulator, the stack's
 * web side (webhooks land there), the app's own worker process, Fortnox's emulator with its real
 * limit — in three phases like the Salesforce bench: warm-up (customers and articles come to
 * exist, one document at a time), light load (one document at a time, for latency) and a burst of
 * BENCH_ORDERS (default: the count) placed at once. Merged into latest.json under the
 * source's key; see bench/README.md.
 */

const TENANT = Number(DEMO_TENANT);
const LIGHT = Number(process.env.BENCH_LIGHT ?? 20);

export async function runSourceBench(driver: SourceDriver, out: string): Promise<void> {
  const count = Number(process.env.BENCH_ORDERS ?? driver.defaultCount);
  const db = await createBenchDatabase();
  let stack: Stack | undefined;
  let worker: WorkerChild | undefined;
  const t = { start: performance.now() } as Record<string, number>;
  try {
    const env = await driver.start();
    stack = await startStack({ databaseUrl: db.url, worker: false, env: { LOG_LEVEL: 'warn', ...env } });
    const watch = new DraftWatch(stack.fortnox, TENANT, driver.fortnoxDocument);
    // PUBLIC_URL: the worker registers webhooks (WooCommerce) at the web side this bench hosts.
    worker = forkStackWorker(stack, db.url, { ...env, PUBLIC_URL: stack.appUrl });
    await worker.ready;
    await driver.connect(stack);
    t.ready = performance.now();

    const one = async (i: number, phase: 'warm-up' | 'light'): Promise<number> => {
      const placedAt = performance.now();
      const reference = await driver.place(i, phase);
      await driver.announce?.(stack!, [reference]);
      const [draftAt] = await watch.waitFor([reference], 120_000, `a ${phase} ${driver.unit}`);
      return draftAt! - placedAt;
    };
    for (let i = 0; i < driver.warmUpCount(); i++) await one(i, 'warm-up');
    await drained(stack, 120_000);
    const warm = { fortnox: stack.fortnox.stats(TENANT) as TenantStats, source: driver.stats() };
    t.warmedUp = performance.now();
    // Light load starts from idle limiters, spaced to stay under the tighter of the two limits.
    await delay(stack.config.FORTNOX_RATE_WINDOW_MS + 500);
    const perDoc = warm.source.requests / Math.max(1, driver.warmUpCount());
    const sourceSpacing = driver.sourceQuotaPerMin === undefined ? 0 : (60_000 / driver.sourceQuotaPerMin) * perDoc;
    const spacing =
      1.25 * Math.max(stack.config.FORTNOX_RATE_WINDOW_MS / stack.config.FORTNOX_RATE_LIMIT, sourceSpacing);
    const latencies: number[] = [];
    for (let i = 0; i < LIGHT; i++) {
      const began = performance.now();
      latencies.push(await one(i, 'light'));
      const rest = spacing - (performance.now() - began);
      if (rest > 0) await delay(rest);
    }
    await drained(stack, 120_000);
    t.lightEnd = performance.now();
    await delay(Math.max(stack.config.FORTNOX_RATE_WINDOW_MS, sourceSpacing * 2) + 500);

    stack.fortnox.resetStats();
    driver.resetStats();
    const before = await worker.usage();
    const placedAt = performance.now();
    const references: string[] = [];
    for (let i = 0; i < count; i++) references.push(await driver.place(i, 'burst'));
    await driver.announce?.(stack, references);
    const placingMs = performance.now() - placedAt;
    const times = await watch.waitFor(references, 30 * 60_000, `burst ${driver.unit}s`);
    const firstAt = Math.min(...times);
    const lastAt = Math.max(...times);
    await drained(stack, 5 * 60_000);
    t.burstEnd = performance.now();
    const after = await worker.usage();
    const fortnox = stack.fortnox.stats(TENANT) as TenantStats;
    const source = driver.stats();
    const extra = (await driver.extra?.(stack)) ?? {};
    const workerPeak = await worker.stop();
    const problems = worker.problems();
    const samples = worker.problemSamples();
    worker = undefined;
    watch.stop();

    const result = {
      ...sourceFigures(driver, {
        count,
        perMin: ((count - 1) / (lastAt - firstAt)) * 60_000,
        completedPerMin: (count / (t.burstEnd - placedAt)) * 60_000,
        fortnox,
        source,
        latencies,
        duplicates: watch.duplicates,
        workerPeakRss: workerPeak,
        fortnoxRateLimit: stack.config.FORTNOX_RATE_LIMIT,
      }),
      ...perInvoice(before, after, count),
      ...extra,
      latency: {
        samples: latencies.length,
        p50_ms: Math.round(percentile(latencies, 50)),
        min_ms: Math.round(Math.min(...latencies)),
        max_ms: Math.round(Math.max(...latencies)),
        from: `${driver.unit} placed in the source emulator → its Fortnox ${driver.fortnoxDocument === 'invoices' ? 'invoice (invoice-created-v1)' : 'voucher'}`,
        spacing_ms: Math.round(spacing),
      },
      fortnox_burst: { requests: fortnox.requests, by_status: fortnox.byStatus, by_route: byRoute(fortnox.byRoute) },
      source_burst: { requests: source.requests, by_status: source.byStatus, by_route: byRoute(source.byRoute) },
      warm_up: {
        documents: driver.warmUpCount(),
        fortnox_requests: warm.fortnox.requests,
        source_requests: warm.source.requests,
      },
      worker: { concurrency: stack.config.WORKER_CONCURRENCY, log_warnings_and_errors: problems, log_samples: samples },
      durations_s: {
        to_ready: round((t.ready! - t.start!) / 1000, 1),
        warm_up: round((t.warmedUp! - t.ready!) / 1000, 1),
        light_load: round((t.lightEnd! - t.warmedUp!) / 1000, 1),
        burst_placing: round(placingMs / 1000, 1),
        burst_placed_to_first: round((firstAt - placedAt) / 1000, 1),
        burst_first_to_last: round((lastAt - firstAt) / 1000, 1),
        burst_last_to_drained: round((t.burstEnd! - lastAt) / 1000, 1),
      },
      measured: 'on a machine shared with other work: figures are under load',
      postgres: db.kind,
      commit: gitCommit(),
      machine: machine(),
      date: new Date().toISOString(),
    };
    const previous = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : {};
    writeResult({ ...previous, [driver.key]: result } as Parameters<typeof writeResult>[0], out);
    process.stdout.write(`${sourceSummary(driver, result)}\n→ ${out} (under "${driver.key}")\n`);
  } catch (error) {
    if (worker) process.stderr.write(`worker log (last lines):\n${worker.logTail()}\n`);
    throw error;
  } finally {
    await worker?.stop().catch(() => undefined);
    await stack?.stop();
    await driver.close();
    await db.drop();
  }
}
