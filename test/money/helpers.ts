import { DEMO_TENANT, type Stack, startStack } from '../../scripts/stack.ts';
import type { SourceRef } from '../../src/core/documents.ts';
import { saveSetting } from '../../src/db/settings.repo.ts';
import { seedConnections } from '../../src/db/source-connections.repo.ts';
import { forgetReferenceData } from '../../src/sink/reference-data.ts';
import { SOURCES } from '../../src/sources/registry.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { MEMORY_CONNECTION, MEMORY_SYSTEM, type MemorySource, memorySource } from '../helpers/memory-source.ts';

/**
 * The whole product with the in-memory shop as an extra source: real Postgres, the Fortnox emulator
 * over HTTP, the real worker (jobs, status poller, WebSocket). Helpers await ledger rows and Fortnox
 * records; rows raise no event, so those are checked every 50 ms.
 */

type Rec = Record<string, unknown>;

export interface LedgerRow {
  state: string;
  fortnox_number: string | null;
  error_code: string | null;
  error_message: string | null;
  tenant_id: string;
}

export interface MoneyHarness {
  db: TestDatabase;
  stack: Stack;
  shop: MemorySource;
  /** Enqueues `document.sync` as a webhook or poll would; resolves with the job id. */
  sync(source: SourceRef): Promise<string>;
  /** Resolves once the job has completed (fails the test if it failed for good). */
  done(jobId: string): Promise<void>;
  invoices(): Rec[];
  invoice(number: string): Rec;
  payments(invoiceNumber: string): Rec[];
  book(invoiceNumber: string): void;
  ledger(source: SourceRef, kind: string): Promise<LedgerRow | undefined>;
  /** Resolves with the ledger row once `check` holds for it. */
  ledgerUntil(source: SourceRef, kind: string, check: (row: LedgerRow) => boolean, what: string): Promise<LedgerRow>;
  until(check: () => Promise<boolean> | boolean, what: string, timeoutMs?: number): Promise<void>;
  /** The order's invoice once synced (draft), by ExternalInvoiceReference1. */
  orderInvoice(orderId: string): Promise<Rec>;
  stop(): Promise<void>;
}

export async function startMoneyHarness(): Promise<MoneyHarness> {
  forgetReferenceData();
  const db = await createTestDatabase();
  const shop = memorySource();
  const stack = await startStack({
    databaseUrl: db.url,
    adapters: [...SOURCES, shop.adapter],
    env: { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error', WORKER_CONCURRENCY: '4' },
  });
  await seedConnections(db.pool, MEMORY_SYSTEM, [{ key: MEMORY_CONNECTION, label: 'Memory shop' }]);
  await saveSetting(db.pool, 'paymentModes', 'card=KORT:1930, swish=SWISH:1920');
  const tenant = () => stack.fortnox.tenant(Number(DEMO_TENANT));
  const all = (table: 'invoices' | 'invoicepayments') => [...tenant()[table].rows.values()].map((r) => r.rec as Rec);
  // Generous: a loaded CI machine (two test files at once) can take long; a pass is still as soon as it holds.
  const until = async (check: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const ledger = async (source: SourceRef, kind: string) => {
    const { rows } = await db.pool.query<LedgerRow>(
      `SELECT state, fortnox_number, error_code, error_message, tenant_id FROM sync_records
        WHERE source_system = $1 AND source_connection = $2 AND source_object = $3 AND source_id = $4 AND document_kind = $5`,
      [source.system, source.connection, source.object, source.id, kind],
    );
    return rows[0];
  };
  const h: MoneyHarness = {
    db,
    stack,
    shop,
    sync: async (source) => {
      const id = await stack.runtime.queue.send('document.sync', { source, reason: 'test' });
      if (id === null) throw new Error('document.sync was not queued');
      return id;
    },
    done: async (jobId) => {
      await until(async () => {
        const job = await stack.runtime.boss.getJobById('document.sync', jobId);
        if (job?.state === 'failed') throw new Error(`job ${jobId} failed: ${JSON.stringify(job.output)}`);
        return job?.state === 'completed';
      }, `job ${jobId}`);
    },
    invoices: () => all('invoices'),
    invoice: (number) => tenant().invoices.get(number) as Rec,
    payments: (invoiceNumber) => all('invoicepayments').filter((p) => String(p.InvoiceNumber) === invoiceNumber),
    book: (invoiceNumber) => {
      const outcome = stack.fortnox.finance(Number(DEMO_TENANT), 'bookkeep', invoiceNumber);
      if (!outcome.ok) throw new Error(`could not book invoice ${invoiceNumber}`);
    },
    ledger,
    ledgerUntil: async (source, kind, check, what) => {
      let row: LedgerRow | undefined;
      await until(async () => {
        row = await ledger(source, kind);
        return row !== undefined && check(row);
      }, what);
      return row!;
    },
    until,
    orderInvoice: async (orderId) => {
      const reference = `${MEMORY_SYSTEM}:${MEMORY_CONNECTION}:${orderId}`;
      const find = () => all('invoices').find((i) => i.ExternalInvoiceReference1 === reference && i.Credit !== 'true');
      await until(() => find() !== undefined, `the invoice of order ${orderId}`);
      return find()!;
    },
    stop: async () => {
      await stack.stop();
      await db.drop();
    },
  };
  return h;
}
