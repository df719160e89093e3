import { silentLogger } from '../../../src/core/logger.ts';
import type { JobCatalog } from '../../../src/jobs/catalog.ts';
import type { JobQueue } from '../../../src/jobs/queue.ts';
import { sieSource } from '../../../src/sources/sie/adapter.ts';
import { importSie, type SieImportResult } from '../../../src/sources/sie/sie-import.ts';
import type { SourceServices } from '../../../src/sources/source.ts';
import { syncRunner } from '../../contract/voucher-contract.ts';
import type { VoucherWorld } from '../../sink/voucher-helpers.ts';
import { pc8 } from './pc8.ts';

/** SIE imports for connection `gotgatan-sie` (location `gotgatan`), run through document.sync. */
export interface SieWorld {
  /** Imports the file and runs every document.sync it queued. */
  upload(bytes: Uint8Array): Promise<SieImportResult>;
  run: ReturnType<typeof syncRunner>;
  /** The next `send` fails as a lost queue connection would. */
  failNextSend(): void;
}

export function startSieWorld(w: VoucherWorld): SieWorld {
  const queued: { source: { system: string; connection: string; object: string; id: string } }[] = [];
  let failNext = false;
  // Only `send` is used by the import: what it queues is run right here, as a worker would.
  const queue = {
    send: async (_name: string, payload: (typeof queued)[number]) => {
      if (failNext) {
        failNext = false;
        throw new Error('Connection terminated unexpectedly');
      }
      queued.push(payload);
    },
  } as unknown as JobQueue<JobCatalog>;
  const services = {
    pool: w.h.db.pool,
    target: w.h.db.target,
    logger: silentLogger,
    config: {},
    queue,
    connections: {
      list: async () => [],
      get: async (system: string, key: string) => ({
        system,
        key,
        label: key,
        state: 'active' as const,
        settings: { location: 'gotgatan' },
        credentials: undefined,
        lastError: null,
      }),
      markError: async () => undefined,
      clearError: async () => undefined,
      touch: async () => undefined,
      noteWebUrl: async () => undefined,
    },
    requestFlush: async () => undefined,
  } satisfies SourceServices;
  const run = syncRunner(w, services, [sieSource]);
  return {
    run,
    failNextSend: () => {
      failNext = true;
    },
    upload: async (bytes) => {
      // A failed import queued nothing that counts (its transaction rolled back): drop what it sent.
      const result = await importSie({ pool: w.h.db.pool, queue }, 'gotgatan-sie', 'gotgatan', bytes).catch(
        (error: unknown) => {
          queued.splice(0);
          throw error;
        },
      );
      for (const job of queued.splice(0)) await run(job.source);
      return result;
    },
  };
}

/** A till's day as SIE 4 in CP437, with Swedish letters in the verification text. */
export function dayFile(date: string, number: number, cardOre = 25_000, salesAccount = 3001): Uint8Array {
  const d = date.replaceAll('-', '');
  const kr = (ore: number) => (ore / 100).toFixed(2);
  const lines = [
    '#FLAGGA 0',
    '#FORMAT PC8',
    '#SIETYP 4',
    '#PROGRAM "Kassa Pro" 3.2',
    `#GEN ${d}`,
    '#FNAMN "Kaffebaren Södermalm AB"',
    `#RAR 0 ${d.slice(0, 4)}0101 ${d.slice(0, 4)}1231`,
    `#VER Z ${number} ${d} "Dagskassa Götgatan – Åsa"`,
    '{',
    `#TRANS 1580 {} ${kr(cardOre)}`,
    `#TRANS ${salesAccount} {} -${kr(cardOre * 0.8)}`,
    `#TRANS 2611 {} -${kr(cardOre * 0.2)}`,
    '}',
  ];
  return pc8(`${lines.join('\r\n')}\r\n`.replace('–', '-'));
}

/** A feeder system's SIE 4I day: one verification without series and number per amount (öre), cash sales. */
export function feederFile(date: string, amountsOre: readonly number[]): Uint8Array {
  const d = date.replaceAll('-', '');
  const kr = (ore: number) => (ore / 100).toFixed(2);
  const lines = ['#FLAGGA 0', '#FORMAT PC8', '#SIETYP 4', '#PROGRAM "Kassa Lite" 1.0', `#GEN ${d}`];
  for (const ore of amountsOre)
    lines.push(
      `#VER "" "" ${d} "Kontantförsäljning"`,
      '{',
      `#TRANS 1910 {} ${kr(ore)}`,
      `#TRANS 3001 {} -${kr(ore)}`,
      '}',
    );
  return pc8(`${lines.join('\r\n')}\r\n`);
}
