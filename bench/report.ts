import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The bench's result: the headline figures under the exact keys issue #5 asks for (first in the
 * JSON), then how they were obtained. `printTable` shows the same numbers a person reads at the
 * end of `npm run bench`; every goal is printed next to its figure with met/missed.
 */

export interface Headline {
  invoices_per_min_per_tenant: number;
  ceiling_invoices_per_min: number;
  fortnox_requests_per_invoice: number;
  salesforce_calls_per_invoice: number;
  http_429_count: number;
  latency_p50_ms: number;
  latency_p95_ms: number;
  worker_peak_rss_mb: number;
}

export type BenchResult = Headline & Record<string, unknown>;

type Goal = { ok: boolean; text: string } | undefined;

function goal(ok: boolean, text: string): Goal {
  return { ok, text };
}

export function printTable(result: BenchResult, out: NodeJS.WritableStream = process.stdout): void {
  const ceilingShare = result.invoices_per_min_per_tenant / result.ceiling_invoices_per_min;
  const rows: [string, string, Goal][] = [
    [
      'invoices per minute per tenant',
      `${result.invoices_per_min_per_tenant} (${Math.round(ceilingShare * 100)} % of ceiling)`,
      undefined,
    ],
    ['ceiling (Fortnox 300 req/min ÷ req/invoice)', String(result.ceiling_invoices_per_min), undefined],
    ['ceiling with the app limiter (24/25)', String(result.app_limiter_ceiling_invoices_per_min), undefined],
    [
      'Fortnox requests per invoice',
      String(result.fortnox_requests_per_invoice),
      goal(result.fortnox_requests_per_invoice <= 1.05, '≤ 1.05'),
    ],
    ['Salesforce REST calls per invoice', String(result.salesforce_calls_per_invoice), undefined],
    ['HTTP 429 from Fortnox', String(result.http_429_count), goal(result.http_429_count === 0, '0')],
    ['latency p50, won → draft (light load)', `${result.latency_p50_ms} ms`, undefined],
    [
      'latency p95, won → draft (light load)',
      `${result.latency_p95_ms} ms`,
      goal(result.latency_p95_ms <= 1000, '≤ 1000 ms'),
    ],
    ['worker peak RSS', `${result.worker_peak_rss_mb} MB`, undefined],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const lines = rows.map(([label, value, g]) => {
    const verdict = g === undefined ? '' : `  ${g.ok ? 'met' : 'MISSED'} (goal ${g.text})`;
    return `  ${label.padEnd(width)}  ${value.padStart(valueWidth)}${verdict}`;
  });
  const m = result.machine as Record<string, unknown>;
  out.write(
    [
      '',
      `fortnox-sync bench — ${result.invoices} invoices, tenant ${result.tenant}, Postgres ${result.postgres}, commit ${String(result.commit).slice(0, 12)}`,
      `  ${m.cpu} × ${m.cores}, ${m.memory_gb} GB, ${m.os}, Node ${m.node}`,
      ...lines,
      `  durations: ${JSON.stringify(result.durations_s)}`,
      '',
    ].join('\n'),
  );
}

export function writeResult(result: BenchResult, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
}
