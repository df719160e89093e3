import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { silentLogger } from '../src/core/logger.ts';
import { createPool } from '../src/db/connection.ts';
import { type Cursor, listConsoleRecords, type RecordFilter } from '../src/db/console-records.repo.ts';
import { migrateUp } from '../src/db/migrate.ts';
import { benchRecordPage, tablesScanned } from './console-record.ts';
import { createBenchDatabase } from './environment.ts';
import { percentile, round } from './timing.ts';

/**
 * Issue #15's figure: how long one page of the console's Records list takes on 1,000,000 ledger
 * rows. Seeds BENCH_CONSOLE_ROWS records (five sources, three tenants, every state and kind, change
 * times over a year) straight into a fresh ledger, then times 20 filtered pages — searches, each
 * filter, date ranges and deep pages reached by following the keyset cursor — as the console asks
 * for them (listConsoleRecords, 50 rows). `console_records_page_ms_1m` is their p95.
 */

const ROWS = Number(process.env.BENCH_CONSOLE_ROWS ?? 1_000_000);
const PAGE = 50;

async function seed(pool: ReturnType<typeof createPool>): Promise<void> {
  // One statement: the shape of a busy ledger, deterministic per row number so figures repeat.
  await pool.query(
    `INSERT INTO sync_records (source_system, source_connection, source_object, source_id, tenant_id, document_kind,
        state, source_label, source_number, source_total, source_currency, fortnox_number, fortnox_reference,
        error_code, error_message, updated_at, created_at)
     SELECT (ARRAY['salesforce','bigcommerce','commercetools','woocommerce','stripe'])[1 + i % 5],
            CASE WHEN i % 7 = 0 THEN 'second' ELSE 'default' END,
            CASE WHEN i % 9 = 0 THEN 'customer' ELSE 'order' END,
            'src-' || i,
            (ARRAY['1001','1002','1003'])[1 + (i / 5) % 3],
            CASE WHEN i % 9 = 0 THEN 'customer' WHEN i % 4 = 0 THEN 'order' ELSE 'invoice' END,
            CASE WHEN i % 9 = 0 THEN 'synced' WHEN i % 50 = 0 THEN 'needs_attention' WHEN i % 3 = 0 THEN 'paid'
                 WHEN i % 3 = 1 THEN 'booked' ELSE 'draft' END,
            'Kund ' || (i % 20000) || ' AB',
            '#' || (100000 + i),
            (i % 10000) + 0.5,
            'SEK',
            CASE WHEN i % 50 = 0 THEN NULL ELSE (200000 + i)::text END,
            'ref-' || i,
            CASE WHEN i % 50 = 0 THEN 'preflight_failed' END,
            CASE WHEN i % 50 = 0 THEN 'The order has no billing country.' END,
            timestamptz '2025-12-01 00:00:00+00' + i * interval '31 seconds',
            timestamptz '2025-12-01 00:00:00+00' + i * interval '31 seconds'
       FROM generate_series(1, $1::int) i`,
    [ROWS],
  );
  await pool.query('ANALYZE sync_records');
}

/** 20 pages a person would ask for; `depth` pages are followed through the cursor first (not timed). */
const PAGES: { filter: RecordFilter; depth?: number }[] = [
  { filter: {} },
  { filter: {}, depth: 200 },
  { filter: { state: 'needs_attention' } },
  { filter: { state: 'needs_attention' }, depth: 20 },
  { filter: { state: 'needs_attention', tenant: '1002' } },
  { filter: { system: 'woocommerce', connection: 'default' } },
  { filter: { system: 'stripe', connection: 'second' }, depth: 10 },
  { filter: { tenant: '1003' } },
  { filter: { tenant: '1003', kind: 'order' }, depth: 5 },
  { filter: { kind: 'customer' } },
  { filter: { from: '2026-03-01', to: '2026-03-31' } },
  { filter: { from: '2026-06-01', to: '2026-06-01', state: 'paid' } },
  { filter: { q: '#654321' } },
  { filter: { q: '554321' } },
  { filter: { q: 'src-777777' } },
  { filter: { q: '300000' } },
  { filter: { q: 'ref-424242' } },
  { filter: { q: 'kund 1234' } },
  { filter: { q: 'Kund 99' }, depth: 3 },
  { filter: { system: 'bigcommerce', state: 'draft', tenant: '1001' } },
];

export async function runConsoleBench(): Promise<Record<string, unknown>> {
  const db = await createBenchDatabase();
  const pool = createPool({ url: db.url, ssl: false }, 2, 'fortnox-sync-bench');
  try {
    await migrateUp({ url: db.url, ssl: false }, silentLogger);
    const seedStart = performance.now();
    await seed(pool);
    const seedSeconds = round((performance.now() - seedStart) / 1000, 1);
    await listConsoleRecords(pool, {}, { limit: PAGE }); // a cold cache is not what a person waits on
    const times: number[] = [];
    const pages: { filter: RecordFilter; depth: number; rows: number; ms: number; seq_scans?: string[] }[] = [];
    for (const { filter, depth = 0 } of PAGES) {
      let after: Cursor | undefined;
      for (let i = 0; i < depth; i++) {
        const page = await listConsoleRecords(pool, filter, { limit: PAGE, ...(after ? { after } : {}) });
        after = page.next;
      }
      const start = performance.now();
      const page = await listConsoleRecords(pool, filter, { limit: PAGE, ...(after ? { after } : {}) });
      const ms = performance.now() - start;
      times.push(ms);
      const scans = await tablesScanned(pool, (q) =>
        listConsoleRecords(q, filter, { limit: PAGE, ...(after ? { after } : {}) }),
      );
      pages.push({
        filter,
        depth,
        rows: page.records.length,
        ms: round(ms, 2),
        ...(scans.length ? { seq_scans: scans } : {}),
      });
    }
    const recordPage = await benchRecordPage(pool, { url: db.url, ssl: false }, ROWS);
    return {
      ...recordPage,
      console_records_page_ms_1m: round(percentile(times, 95), 2),
      console_records: {
        rows: ROWS,
        page_size: PAGE,
        pages: times.length,
        p50_ms: round(percentile(times, 50), 2),
        max_ms: round(Math.max(...times), 2),
        // Pages whose queries read a whole table (EXPLAIN); empty when every one uses an index.
        seq_scans: pages.filter((p) => p.seq_scans).length,
        seed_s: seedSeconds,
        measured: 'listConsoleRecords (the query of GET /records) in the bench process, warm cache, one at a time',
        each: pages,
      },
    };
  } finally {
    await pool.end();
    await db.drop();
  }
}

export async function runConsoleBenchInto(out: string): Promise<Record<string, unknown>> {
  const figures = await runConsoleBench();
  let existing: Record<string, unknown> = {};
  try {
    existing = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
  } catch {
    // no earlier result: this run's figures stand alone
  }
  writeFileSync(out, `${JSON.stringify({ ...existing, ...figures }, null, 2)}\n`);
  process.stdout.write(
    `console_records_page_ms_1m ${String(figures.console_records_page_ms_1m)} (goal well under 100), console_record_page_ms_1m ${String(figures.console_record_page_ms_1m)} → ${out}\n`,
  );
  return figures;
}

// Standalone: `node bench/console.ts` (what `npm run bench` also runs after the other figures).
if (import.meta.filename === resolve(process.argv[1] ?? '')) {
  await runConsoleBenchInto(resolve(import.meta.dirname, 'results', process.env.BENCH_RESULT ?? 'latest.json'));
  process.exit(0);
}
