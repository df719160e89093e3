import { createHash } from 'node:crypto';
import type { Voucher, VoucherRow } from '../../core/documents.ts';
import { defined } from '../../core/optional.ts';
import type { SieFile, SieVerification } from './sie4-types.ts';

/**
 * SIE4 verifications → canonical vouchers. A verification's id is its date, series and number
 * (`2026-04-01-A-12`), so the same verification in a second file — the same file again, or a
 * re-export of the day — is the same source record; a feeder file without series and number (SIE 4I)
 * is named by its date and a digest of its rows. Dimension 1 objects are cost centres, 6 projects.
 */

export function verificationId(v: SieVerification): string {
  if (v.series !== '' && v.number !== '')
    return `${v.date}-${v.series}-${v.number}`.replace(/[^A-Za-z0-9-]/g, '_').slice(0, 60);
  const digest = createHash('sha256')
    .update(
      JSON.stringify(v.transactions.filter((t) => t.kind === 'TRANS').map((t) => [t.account, t.amountOre, t.objects])),
    )
    .digest('hex')
    .slice(0, 12);
  return `${v.date}-${digest}`;
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

export function sieVouchers(file: SieFile, connection: string, location: string): Voucher[] {
  return file.verifications.map((v) => {
    const id = verificationId(v);
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
