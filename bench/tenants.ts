import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import type { TenantStats } from '../emulators/fortnox/index.ts';
import { DEMO_TENANT, type Stack, startStack } from '../scripts/stack.ts';
import { deriveKey } from '../src/core/crypto.ts';
import { saveRoutingRules } from '../src/db/routing.repo.ts';
import { saveConnection } from '../src/fortnox/index.ts';
import { DraftWatch } from './drafts.ts';
import { createBenchDatabase, gitCommit, machine } from './environment.ts';
import { burst, warmUp } from './phases.ts';
import { writeResult } from './report.ts';
import { seedAccounts, seedCatalogue, seedFortnoxArticles, seedOpportunities } from './seed.ts';
import { round } from './timing.ts';
import { forkStackWorker, perInvoice, type WorkerChild } from './worker-child.ts';

/**
 * `npm run bench -- --tenants N`: N Fortnox companies at once, each deal routed to its company by
 * a routing rule on the Opportunity's Fortnox_Company__c, through one worker process. Every
 * company has its own Fortnox rate limit (25 per 5 s), so the aggregate ceiling is N × the
 * per-tenant one; the figure is how close one worker gets to it. Merged into latest.json under
 * `tenants_N` (and `tenants_N_share_of_ceiling`), beside the one-tenant figures.
 */

const FORTNOX_REQUESTS_PER_MIN = 300;
const MB = 2 ** 20;

const companyName = (k: number): string => `Bolag ${k + 1}`;

async function connectTenants(stack: Stack, tenants: readonly number[]): Promise<void> {
  const key = deriveKey(stack.config.ENCRYPTION_KEY);
  for (const [k, tenantId] of tenants.entries()) {
    if (String(tenantId) !== DEMO_TENANT) stack.fortnox.createTenant({ tenantId, name: `Benchbolag ${k + 1} AB` });
    const minted = stack.fortnox.mintToken({ tenantId });
    await saveConnection(stack.runtime.pool, key, 'authorization_code', {
      accessToken: minted.access_token,
      refreshToken: minted.refresh_token,
      expiresInSeconds: minted.expires_in,
      scope: minted.scope,
      tenantId: String(tenantId),
    });
    await seedFortnoxArticles(stack.fortnox, tenantId);
  }
  await saveRoutingRules(
    stack.runtime.pool,
    tenants.map((tenantId, k) => ({
      conditions: { field: { name: 'Fortnox_Company__c', equals: companyName(k) } },
      tenantId: String(tenantId),
    })),
  );
}

/** Deals of every company, interleaved, so all companies are loaded from the first second. */
function interleave(groups: readonly string[][]): string[] {
  const longest = Math.max(...groups.map((g) => g.length));
  return Array.from({ length: longest }, (_, i) => groups.flatMap((g) => (i < g.length ? [g[i]!] : []))).flat();
}

export async function runTenantsBench(count: number, out: string): Promise<void> {
  const perTenant = Number(process.env.BENCH_INVOICES_PER_TENANT ?? 200);
  const tenants = Array.from({ length: count }, (_, k) => Number(DEMO_TENANT) + k);
  const db = await createBenchDatabase();
  let stack: Stack | undefined;
  let worker: WorkerChild | undefined;
  try {
    stack = await startStack({
      databaseUrl: db.url,
      worker: false,
      env: { LOG_LEVEL: 'warn' },
      salesforceOptions: { dailyApiLimit: 10_000_000 },
    });
    const h = stack.salesforce.handle;
    await connectTenants(stack, tenants);
    const catalogue = seedCatalogue(h);
    const accounts = seedAccounts(h, Number(process.env.BENCH_ACCOUNTS ?? 50));
    const company = (k: number) => () => ({ Fortnox_Company__c: companyName(k) });
    // Each company needs its own customers before the burst measures steady state.
    const warmupIds = interleave(
      tenants.map((_, k) => seedOpportunities(h, catalogue, accounts, accounts.length, 'Uppstart', 11 + k, company(k))),
    );
    const burstGroups = tenants.map((_, k) =>
      seedOpportunities(h, catalogue, accounts, perTenant, 'Affär', 33 + k, company(k)),
    );
    const burstIds = interleave(burstGroups);

    const watch = new DraftWatch(stack.fortnox, tenants);
    worker = forkStackWorker(stack, db.url);
    await worker.ready;
    await warmUp(stack, watch, warmupIds, 600_000);
    await delay(stack.config.FORTNOX_RATE_WINDOW_MS + 500);

    stack.fortnox.resetStats();
    const before = await worker.usage();
    const times = await burst(stack, watch, burstIds, 10 * 60_000);
    const after = await worker.usage();
    const stats = tenants.map((t) => stack!.fortnox.stats(t) as TenantStats);
    const workerPeak = await worker.stop();
    const problems = worker.problems();
    const samples = worker.problemSamples();
    worker = undefined;

    const invoices = burstIds.length;
    const requests = stats.reduce((sum, s) => sum + s.requests, 0);
    const requestsPerInvoice = requests / invoices;
    const ceilingPerTenant = FORTNOX_REQUESTS_PER_MIN / requestsPerInvoice;
    const perMin = ((invoices - 1) / (times.lastDraftAt - times.firstDraftAt)) * 60_000;
    const perTenantPerMin: Record<string, number> = {};
    for (const [k, ids] of burstGroups.entries()) {
      const at = await watch.waitFor(ids, 1000, 'drafts already seen');
      perTenantPerMin[String(tenants[k])] = round(((ids.length - 1) / (Math.max(...at) - Math.min(...at))) * 60_000, 1);
    }
    const share = round(perMin / (count * ceilingPerTenant), 3);
    const result = {
      [`tenants_${count}_share_of_ceiling`]: share,
      tenants: count,
      invoices,
      invoices_per_min: round(perMin, 1),
      ceiling_invoices_per_min: round(count * ceilingPerTenant, 1),
      share_of_ceiling: share,
      fortnox_requests_per_invoice: round(requestsPerInvoice, 3),
      http_429_count: stats.reduce((sum, s) => sum + s.rateLimited, 0),
      ...perInvoice(before, after, invoices),
      worker_peak_rss_mb: round(workerPeak / MB, 1),
      invoices_per_min_by_tenant: perTenantPerMin,
      duplicate_drafts: watch.duplicates,
      routed_by: 'routing rules field:Fortnox_Company__c=Bolag k → tenant (one rule per company)',
      worker: { concurrency: stack.config.WORKER_CONCURRENCY, log_warnings_and_errors: problems, log_samples: samples },
      durations_s: {
        burst_won_to_first_draft: round((times.firstDraftAt - times.wonAt) / 1000, 1),
        burst_first_to_last_draft: round((times.lastDraftAt - times.firstDraftAt) / 1000, 1),
        burst_last_draft_to_last_writeback: round((times.writtenBackAt - times.lastDraftAt) / 1000, 1),
      },
      postgres: db.kind,
      commit: gitCommit(),
      machine: machine(),
      date: new Date().toISOString(),
    };
    watch.stop();
    const previous = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : {};
    writeResult(
      {
        ...previous,
        [`tenants_${count}_share_of_ceiling`]: share,
        [`tenants_${count}`]: result,
      } as Parameters<typeof writeResult>[0],
      out,
    );
    process.stdout.write(
      `\n${count} tenants: ${result.invoices_per_min} invoices/min of a ${result.ceiling_invoices_per_min} ceiling ` +
        `(${Math.round(share * 100)} %, goal ≥ 90 %: ${share >= 0.9 ? 'met' : 'MISSED'}), ` +
        `${result.fortnox_requests_per_invoice} Fortnox requests/invoice, ${result.http_429_count} × 429, ` +
        `${result.worker_cpu_ms_per_invoice} worker CPU ms/invoice, ${result.pg_queries_per_invoice} queries/invoice, ` +
        `worker peak RSS ${result.worker_peak_rss_mb} MB\n→ ${out}\n`,
    );
  } finally {
    await worker?.stop().catch(() => undefined);
    await stack?.stop();
    await db.drop();
  }
}
