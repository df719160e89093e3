import { createHash } from 'node:crypto';
import type { Voucher, VoucherRow } from '../../core/documents.ts';
import { defined } from '../../core/optional.ts';
import type { SieFile, SieVerification } from './sie4-types.ts';

/**
 * SIE4 verifications → canonical vouchers. A verification's id is its date, series and number
 * (`2026-04-01-A-12`), so the same verification in a second file — the same file again, or a
 * re-export of the day — is the same source record. A feeder file without series and number (SIE 4I)
 * names a verification by its date and place among that day's such verifications (`2026-04-01-2`):
 * two identical ones on a day stay two, and a corrected re-export keeps the id, so the voucher sink
 * sees the change (its rows, compared on import) and books a reversal and the corrected voucher
 * instead of a second posting. Dimension 1 objects are cost centres, 6 projects.
 */

const numbered = (v: SieVerification) => v.series !== '' && v.number !== '';

/**
 * The id earlier releases gave a verification without series and number: its date and a digest of
 * its rows. Verifications imported under it keep it (their file again must stay "unchanged").
 */
export function digestId(v: SieVerification): string {
  const digest = createHash('sha256')
    .update(
      JSON.stringify(v.transactions.filter((t) => t.kind === 'TRANS').map((t) => [t.account, t.amountOre, t.objects])),
    )
    .digest('hex')
    .slice(0, 12);
  return `${v.date}-${digest}`;
}

/** Every verification's id, in file order; `stored` holds ids of earlier imports (for `digestId`). */
export function verificationIds(file: SieFile, stored: ReadonlySet<string> = new Set()): string[] {
  const place = new Map<string, number>();
  const kept = new Set<string>();
  return file.verifications.map((v) => {
    if (numbered(v)) return `${v.date}-${v.series}-${v.number}`.replace(/[^A-Za-z0-9-]/g, '_').slice(0, 60);
    const n = (place.get(v.date) ?? 0) + 1;
    place.set(v.date, n);
    const legacy = digestId(v);
    if (stored.has(legacy) && !kept.has(legacy)) {
      kept.add(legacy);
      return legacy;
    }
    return `${v.date}-${n}`;
  });
}

/** How many verifications without series and number the file has per day. */
export function unnumberedPerDay(file: SieFile): Map<string, number> {
  const days = new Map<string, number>();
  for (const v of file.verifications) if (!numbered(v)) days.set(v.date, (days.get(v.date) ?? 0) + 1);
  return days;
}

function rowOf(t: SieVerification['transactions'][number]): VoucherRow {
  const costCenter = t.objects.find((o) => o.dimension === 1)?.id;
  const project = t.objects.find((o) => o.dimension === 6)?.id;
  return {
    account: Number(t.account),
    debitOre: Math.max(t.amountOre, 0),
    creditOre: Math.max(-t.amountOre, 0),
    ...defined({ costCenter, project }),
    ...(t.text === null ? {} : { text: t.text }),
  };
}

export function sieVouchers(
  file: SieFile,
  connection: string,
  location: string,
  stored: ReadonlySet<string> = new Set(),
): Voucher[] {
  const ids = verificationIds(file, stored);
  return file.verifications.map((v, i) => {
    const id = ids[i]!;
    const name = v.series !== '' ? `${v.series} ${v.number}` : id;
    return {
      source: { system: 'sie', connection, object: 'verification', id },
      title: `The SIE verification ${name} of ${v.date} (line ${v.line})`,
      date: v.date,
      description: (v.text ?? '') === '' ? `SIE ${name} ${v.date}` : `${v.text} (SIE ${name})`,
      // RTRANS rows are followed by their TRANS copy and BTRANS rows are struck out: only TRANS count.
      rows: v.transactions.filter((t) => t.kind === 'TRANS').map(rowOf),
      key: `sie:${connection}:${id}`,
      location,
    };
  });
}
