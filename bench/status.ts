import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { create } from '../emulators/fortnox/crud.ts';
import type { TenantStats } from '../emulators/fortnox/index.ts';
import { customers } from '../emulators/fortnox/resources/customers.ts';
import { invoices } from '../emulators/fortnox/resources/invoices.ts';
import { DEMO_TENANT, type Stack, startStack } from '../scripts/stack.ts';
import { createBenchDatabase } from './environment.ts';
import { percentile, round } from './timing.ts';

/**
 * Issue #6's figures: what status changes cost in Salesforce API calls, what an idle poll costs in
 * Fortnox requests, and how long a payment takes to reach the Opportunity by the WebSocket and by
 * the poller alone. One stack (both emulators, Postgres, the app's worker in process):
 *   1. WebSocket latency: BENCH_STATUS_WS_SAMPLES payments one after another (poller at its interval too;
 *      each sample records which path moved the record).
 *   2. Polling latency: the subscriber stopped; BENCH_STATUS_POLL_SAMPLES payments at random moments.
 *   3. Idle cycles: Fortnox requests per poll per tenant with nothing changing.
 *   4. 1,000 invoices booked at once in Fortnox → Salesforce API calls until every Opportunity shows it.
 * Invoices are seeded straight into the emulator and the ledger (creating them is issue #5's bench).
 */

const TENANT = Number(DEMO_TENANT);
const CHANGES = Number(process.env.BENCH_STATUS_CHANGES ?? 1000);
const WS_SAMPLES = Number(process.env.BENCH_STATUS_WS_SAMPLES ?? 20);
const POLL_SAMPLES = Number(process.env.BENCH_STATUS_POLL_SAMPLES ?? 10);
const POLL_SECONDS = Number(process.env.BENCH_STATUS_POLL_SECONDS ?? 5);

type Rec = Record<string, unknown>;
interface Seeded {
  opportunityId: string;
  invoiceNumber: string;
}

let customerNumber: string | undefined;
let seq = 0;

async function seedInvoices(stack: Stack, count: number, booked: boolean): Promise<Seeded[]> {
  const t = stack.fortnox.tenant(TENANT);
  customerNumber ??= String(
    (create(customers, t, { Customer: { Name: 'Status Bench AB' } }).body!.Customer as Rec).CustomerNumber,
  );
  const out: Seeded[] = [];
  for (let i = 0; i < count; i++) {
    const opportunityId = stack.salesforce.handle.insert('Opportunity', {
      Name: `Status bench ${seq++}`,
      StageName: 'Negotiation/Review',
      CloseDate: '2026-11-20',
    }); // not won: the sync engine leaves it alone
    const inv = create(invoices, t, {
      Invoice: {
        CustomerNumber: customerNumber,
        ExternalInvoiceReference1: opportunityId,
        InvoiceRows: [{ Description: 'Konsult', DeliveredQuantity: 1, Price: 1000 }],
      },
    }).body?.Invoice as Rec;
    const invoiceNumber = String(inv.DocumentNumber);
    if (booked) stack.fortnox.finance(TENANT, 'bookkeep', invoiceNumber);
    const now = t.invoices.get(invoiceNumber) as Rec;
    await stack.runtime.pool.query(
      `INSERT INTO sync_records (source_system, source_object, source_id, tenant_id, document_kind, state, fortnox_number, fortnox_total, fortnox_balance, currency, due_date, synced_at)
       VALUES ('salesforce', 'Opportunity', $1, $2, 'invoice', 'draft', $3, $4, $4, 'SEK', $5, now())`,
      // The ledger knows the draft; whatever finance did since is for the status side to find.
      [opportunityId, DEMO_TENANT, invoiceNumber, now.Total, now.DueDate],
    );
    out.push({ opportunityId, invoiceNumber });
  }
  return out;
}

/** Resolves when the Opportunity shows `label` (CDC event of our write-back, never a sleep). */
function shows(stack: Stack, opportunityId: string, label: string): Promise<void> {
  const h = stack.salesforce.handle;
  if ((h.get(opportunityId) as Rec | undefined)?.Fortnox_Status__c === label) return Promise.resolve();
  return h
    .nextEvent('/data/OpportunityChangeEvent', () => (h.get(opportunityId) as Rec).Fortnox_Status__c === label)
    .then(() => undefined);
}

async function pathOf(stack: Stack, opportunityId: string): Promise<string> {
  const { rows } = await stack.runtime.pool.query<{ message: string }>(
    `SELECT e.message FROM sync_events e JOIN sync_records r ON r.id = e.sync_record_id WHERE r.source_id = $1 AND e.to_state = 'paid' ORDER BY e.id DESC LIMIT 1`,
    [opportunityId],
  );
  return rows[0]?.message.split(':')[0] ?? 'unknown';
}

const apiCalls = (stack: Stack): number => stack.salesforce.handle.counters().apiTotal;
const pollPosition = async (stack: Stack): Promise<string | undefined> =>
  (
    await stack.runtime.pool.query(
      `SELECT position FROM stream_checkpoints WHERE source = 'fortnox-poll' AND channel = $1`,
      [DEMO_TENANT],
    )
  ).rows[0]?.position;

async function nextPoll(stack: Stack): Promise<void> {
  const before = await pollPosition(stack);
  while ((await pollPosition(stack)) === before) await new Promise((r) => setTimeout(r, 50));
}

export async function runStatusBench(): Promise<Record<string, number>> {
  const db = await createBenchDatabase();
  let stack: Stack | undefined;
  try {
    stack = await startStack({
      databaseUrl: db.url,
      env: { LOG_LEVEL: 'warn', STATUS_POLL_INTERVAL_SECONDS: String(POLL_SECONDS) },
      salesforceOptions: { dailyApiLimit: 10_000_000 },
    });
    const s = stack;
    stack.fortnox.setRateLimit({ enabled: true });

    // 1. WebSocket path.
    const wsDeals = await seedInvoices(s, WS_SAMPLES, true);
    await Promise.all(
      wsDeals.map((d) =>
        s.runtime.queue.send('status.invoice', { tenantId: DEMO_TENANT, documentNumber: d.invoiceNumber }),
      ),
    );
    for (const d of wsDeals) await shows(s, d.opportunityId, 'Booked');
    const ws: number[] = [];
    const wsPaths: Record<string, number> = {};
    for (const d of wsDeals) {
      const started = performance.now();
      s.fortnox.finance(TENANT, 'payment', d.invoiceNumber);
      await shows(s, d.opportunityId, 'Paid');
      ws.push(performance.now() - started);
      const via = await pathOf(s, d.opportunityId);
      wsPaths[via] = (wsPaths[via] ?? 0) + 1;
    }

    // 2. Polling path only.
    await s.status?.stop();
    const pollDeals = await seedInvoices(s, POLL_SAMPLES, true);
    await Promise.all(pollDeals.map((d) => shows(s, d.opportunityId, 'Booked')));
    const poll = await Promise.all(
      pollDeals.map(async (d) => {
        await new Promise((r) => setTimeout(r, Math.random() * POLL_SECONDS * 2000)); // payments land at random points of the cycle
        const started = performance.now();
        s.fortnox.finance(TENANT, 'payment', d.invoiceNumber);
        await shows(s, d.opportunityId, 'Paid');
        return performance.now() - started;
      }),
    );

    // 3. Idle cycles: nothing changes (the ~30 invoices above are still inside the 2-minute overlap; one page).
    await nextPoll(s);
    s.fortnox.resetStats();
    const cycles = 3;
    for (let i = 0; i < cycles; i++) await nextPoll(s);
    const idle = (s.fortnox.stats(TENANT) as TenantStats).requests / cycles;

    // 4. Many changes at once: every draft booked in one go.
    const many = await seedInvoices(s, CHANGES, false);
    await nextPoll(s);
    await nextPoll(s);
    s.salesforce.handle.resetCounters();
    const callsBefore = apiCalls(s);
    for (const d of many) s.fortnox.finance(TENANT, 'bookkeep', d.invoiceNumber);
    const changeStart = performance.now();
    for (const d of many) await shows(s, d.opportunityId, 'Booked');
    const changeMs = performance.now() - changeStart;
    const calls = apiCalls(s) - callsBefore;
    const byEndpoint = s.salesforce.handle.counters().byEndpoint;

    const figures = {
      salesforce_calls_per_1000_status_changes: round((calls / CHANGES) * 1000, 1),
      fortnox_requests_per_idle_poll: round(idle, 2),
      status_latency_ws_p50_ms: Math.round(percentile(ws, 50)),
      status_latency_ws_p95_ms: Math.round(percentile(ws, 95)),
      status_latency_poll_p50_ms: Math.round(percentile(poll, 50)),
      status_latency_poll_p95_ms: Math.round(percentile(poll, 95)),
    };
    process.stdout.write(
      `${JSON.stringify(
        {
          ...figures,
          status_detail: {
            changes: CHANGES,
            salesforce_calls: calls,
            salesforce_by_endpoint: byEndpoint,
            seconds_until_all_written: round(changeMs / 1000, 1),
            ws_samples: ws.length,
            ws_moved_by: wsPaths,
            poll_samples: poll.length,
            poll_interval_s: POLL_SECONDS,
          },
        },
        null,
        2,
      )}\n`,
    );
    return figures;
  } finally {
    await stack?.stop();
    await db.drop();
  }
}

/** Runs the status bench and merges its figures into the result file `out` (other figures kept). */
export async function runStatusBenchInto(out: string): Promise<Record<string, number>> {
  const figures = await runStatusBench();
  let existing: Record<string, unknown> = {};
  try {
    existing = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
  } catch {
    // no earlier result: this run's figures stand alone
  }
  writeFileSync(out, `${JSON.stringify({ ...existing, ...figures }, null, 2)}\n`);
  process.stdout.write(`status figures → ${out}\n`);
  return figures;
}

// Standalone: `node bench/status.ts` (what `npm run bench` also runs after issue #5's figures).
if (import.meta.filename === resolve(process.argv[1] ?? '')) {
  await runStatusBenchInto(resolve(import.meta.dirname, 'results', process.env.BENCH_RESULT ?? 'latest.json'));
  process.exit(0);
}
