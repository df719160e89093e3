import type { SourceRef, Voucher, VoucherRow } from '../../src/core/documents.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { DEFAULT_SETTINGS, type SyncSettings } from '../../src/core/settings.ts';
import type { SinkContext, SourceNotifier } from '../../src/sink/context.ts';
import { fortnoxPort } from '../../src/sink/fortnox-adapter.ts';
import { forgetVoucherFrame } from '../../src/sink/voucher-preflight.ts';
import { type FortnoxHarness, startHarness, TENANT } from '../fortnox/helpers/harness.ts';

/** A Fortnox emulator, a database and a SinkContext for tenant 1001: the voucher sink over real HTTP. */
export interface VoucherWorld {
  h: FortnoxHarness;
  ctx(settings?: Partial<SyncSettings>): SinkContext;
  /** Vouchers in the emulator's tenant, newest last. */
  vouchers(): Record<string, unknown>[];
  close(): Promise<void>;
}

const quiet: SourceNotifier = {
  customerSynced: async () => undefined,
  customerFailed: async () => undefined,
  documentChanged: async () => undefined,
  flush: async () => undefined,
};

export async function startVoucherWorld(): Promise<VoucherWorld> {
  forgetVoucherFrame();
  const h = await startHarness();
  await h.connect();
  const fortnox = h.fortnox();
  return {
    h,
    ctx: (settings = {}) => ({
      pool: h.db.pool,
      fortnox: fortnoxPort(fortnox.client(TENANT)),
      tenantId: TENANT,
      settings: { ...DEFAULT_SETTINGS, ...settings },
      logger: silentLogger,
      correlationId: 'test',
      notifier: quiet,
      words: { document: 'day', customer: 'customer', line: 'line' },
      reference: (ref) => `${ref.system}:${ref.connection}:${ref.id}`,
      today: () => '2026-12-03',
    }),
    vouchers: () => [...h.emu.tenant(Number(TENANT)).vouchers.rows.values()].map((r) => r.rec),
    close: () => h.close(),
  };
}

/** The emulator seeds last and this calendar year: test days fall in this one. */
export const YEAR = new Date().getFullYear();
export const DAY = `${YEAR}-06-15`;

let seq = 0;
export function dayRef(system = 'pos-test', connection = 'cafe'): SourceRef {
  return { system, connection, object: 'day', id: `z-${++seq}` };
}

export const row = (account: number, debitOre: number, creditOre: number, extra: Partial<VoucherRow> = {}) => ({
  account,
  debitOre,
  creditOre,
  ...extra,
});

export function voucherOf(source: SourceRef, rows: VoucherRow[], over: Partial<Voucher> = {}): Voucher {
  return {
    source,
    title: `Z report ${source.id}`,
    date: DAY,
    description: `Z ${source.id}`,
    rows,
    key: `${source.system}:${source.connection}:${source.id}`,
    ...over,
  };
}
