import type { TenantStats } from '../../emulators/fortnox/index.ts';
import type { ScopeStats } from '../../emulators/kit/stats.ts';
import { percentile, round } from '../timing.ts';
import type { SourceDriver } from './driver.ts';

/**
 * The headline figures of a source bench, under the same names for every source (the unit is in
 * `unit`), and the goals the source's issue sets, each met or missed. The ceiling is whichever limit
 * binds: Fortnox's 300 requests per minute ÷ Fortnox requests per document, or the source's own
 * quota ÷ source requests per document.
 */

const FORTNOX_REQUESTS_PER_MIN = 300;
const MB = 2 ** 20;

export interface Measured {
  count: number;
  /** Drafts (vouchers) per minute, first to last. */
  perMin: number;
  /** Documents per minute from the first placed to the last job finished (payments, write-backs too). */
  completedPerMin: number;
  fortnox: TenantStats;
  source: ScopeStats;
  latencies: number[];
  duplicates: number;
  workerPeakRss: number;
  fortnoxRateLimit: number;
}

export interface Goal {
  goal: string;
  value: number;
  met: boolean;
}

/** Goals of every source's issue (0 × 429, no duplicates) and issue #10's worker memory. */
function commonGoals(m: Measured, rss: number): Goal[] {
  return [
    { goal: 'duplicates = 0', value: m.duplicates, met: m.duplicates === 0 },
    { goal: 'Fortnox 429 = 0', value: m.fortnox.rateLimited, met: m.fortnox.rateLimited === 0 },
    { goal: 'source 429 = 0', value: m.source.rateLimited, met: m.source.rateLimited === 0 },
    { goal: 'worker peak RSS ≤ 256 MB (issue #10)', value: rss, met: rss <= 256 },
  ];
}

export function sourceFigures(driver: SourceDriver, m: Measured): Record<string, unknown> {
  const fortnoxPerDoc = m.fortnox.requests / m.count;
  const sourcePerDoc = m.source.requests / m.count;
  const fortnoxCeiling = FORTNOX_REQUESTS_PER_MIN / fortnoxPerDoc;
  const sourceCeiling =
    driver.sourceQuotaPerMin === undefined || sourcePerDoc === 0 ? Infinity : driver.sourceQuotaPerMin / sourcePerDoc;
  const ceiling = Math.min(fortnoxCeiling, sourceCeiling);
  const rss = round(m.workerPeakRss / MB, 1);
  const goals = commonGoals(m, rss);
  if (driver.key === 'pos')
    goals.push({
      goal: 'Fortnox requests per voucher ≤ 1.1',
      value: round(fortnoxPerDoc, 3),
      met: fortnoxPerDoc <= 1.1,
    });
  return {
    unit: driver.unit,
    documents: m.count,
    per_min_per_tenant: round(m.perMin, 1),
    completed_per_min_per_tenant: round(m.completedPerMin, 1),
    ceiling_per_min: round(ceiling, 1),
    binding_limit: sourceCeiling < fortnoxCeiling ? `${driver.key} quota` : 'Fortnox 25 per 5 s',
    share_of_ceiling: round(m.completedPerMin / ceiling, 3),
    app_limiter_ceiling_per_min: round(Math.min(fortnoxCeiling * (m.fortnoxRateLimit / 25), sourceCeiling), 1),
    fortnox_requests_per_document: round(fortnoxPerDoc, 3),
    source_requests_per_document: round(sourcePerDoc, 3),
    source_quota_per_min: driver.sourceQuotaPerMin ?? null,
    fortnox_429: m.fortnox.rateLimited,
    source_429: m.source.rateLimited,
    latency_p50_ms: Math.round(percentile(m.latencies, 50)),
    latency_p95_ms: Math.round(percentile(m.latencies, 95)),
    duplicates: m.duplicates,
    worker_peak_rss_mb: rss,
    goals,
  };
}

export function sourceSummary(driver: SourceDriver, r: Record<string, unknown>): string {
  const goals = (r.goals as Goal[]).map((g) => `  ${g.met ? 'met   ' : 'MISSED'} ${g.goal} (${g.value})`);
  return [
    '',
    `fortnox-sync bench --source ${driver.key} — ${r.documents} ${driver.unit}s (measured under shared load)`,
    `  ${r.completed_per_min_per_tenant} ${driver.unit}s/min done of a ${r.ceiling_per_min} ceiling (${r.binding_limit}; ${Math.round(Number(r.share_of_ceiling) * 100)} %); created first to last ${r.per_min_per_tenant}/min`,
    `  Fortnox requests per ${driver.unit} ${r.fortnox_requests_per_document}, ${driver.key} requests per ${driver.unit} ${r.source_requests_per_document}`,
    `  429s: Fortnox ${r.fortnox_429}, ${driver.key} ${r.source_429}; latency p50 ${r.latency_p50_ms} ms, p95 ${r.latency_p95_ms} ms`,
    `  worker peak RSS ${r.worker_peak_rss_mb} MB, CPU ${r.worker_cpu_ms_per_invoice} ms per ${driver.unit}`,
    ...goals,
  ].join('\n');
}

/** Route counts with the ids the kit leaves (Stripe's `in_…`, `cus_…`) collapsed too, so routes aggregate. */
export function byRoute(routes: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [route, n] of Object.entries(routes)) {
    const key = route.replace(/\/[a-z]{2,5}_[A-Za-z0-9]{8,}/g, '/:id');
    out[key] = (out[key] ?? 0) + n;
  }
  return out;
}
