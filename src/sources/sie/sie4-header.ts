import type { SieEncoding } from './cp437.ts';
import * as F from './sie4-fields.ts';
import { FieldError } from './sie4-fields.ts';
import type { Tokens } from './sie4-tokens.ts';
import type { SieFile } from './sie4-types.ts';

/**
 * The identification and chart items of an SIE 4 file (SIE 4B, the item chapter): who wrote it, for which
 * company and years, with which accounts, dimensions and objects. Anything else is ignored, as
 * the standard asks of importing programs — #IB, #UB, #RES, #PSALDO, #KTYP, #SRU, #ADRESS … are
 * balances and details a voucher import does not need.
 */

export function emptyFile(encoding: SieEncoding): SieFile {
  return {
    encoding,
    flag: null,
    program: null,
    format: null,
    generated: null,
    sieType: null,
    company: { name: null, orgNumber: null },
    currency: null,
    chartType: null,
    financialYears: [],
    accounts: [],
    dimensions: [],
    objects: [],
    verifications: [],
  };
}

/** Reads one header item into `file`; throws FieldError with a plain reason. */
export function readHeader(file: SieFile, t: Tokens, n: number, warnings: string[]): void {
  const f = t.fields;
  const head = f[0]?.kind === 'text' ? f[0].value : undefined;
  switch (t.label) {
    case '#FLAGGA': {
      const v = F.required(f[0], '#FLAGGA value');
      if (v !== '0' && v !== '1') throw new FieldError(`#FLAGGA “${v}” is not 0 or 1`);
      file.flag = v === '1' ? 1 : 0;
      return;
    }
    case '#PROGRAM':
      file.program = { name: F.required(f[0], '#PROGRAM name'), version: F.text(f[1]) ?? '' };
      return;
    case '#FORMAT':
      file.format = F.required(f[0], '#FORMAT value');
      if (file.format.toUpperCase() !== 'PC8')
        warnings.push(`line ${n}: #FORMAT is “${file.format}”; SIE requires PC8`);
      return;
    case '#GEN':
      file.generated = { date: F.sieDate(F.required(f[0], '#GEN date'), '#GEN date'), sign: F.text(f[1]) };
      return;
    case '#SIETYP':
      file.sieType = F.required(f[0], '#SIETYP value');
      if (file.sieType !== '4') {
        throw new FieldError(
          `#SIETYP ${file.sieType} files hold balances only; export SIE type 4 (with verifications)`,
        );
      }
      return;
    case '#FNAMN':
      file.company.name = F.required(f[0], '#FNAMN company name');
      return;
    case '#ORGNR':
      file.company.orgNumber = F.required(f[0], '#ORGNR organisation number');
      return;
    case '#VALUTA':
      file.currency = F.required(f[0], '#VALUTA currency');
      return;
    case '#KPTYP':
      file.chartType = F.required(f[0], '#KPTYP chart type');
      return;
    case '#RAR': {
      const index = F.integer(head, '#RAR year number');
      if (index > 0)
        throw new FieldError(`#RAR year number ${index} must be 0 (this year) or negative (earlier years)`);
      const start = F.sieDate(F.required(f[1], '#RAR start date'), '#RAR start date');
      const end = F.sieDate(F.required(f[2], '#RAR end date'), '#RAR end date');
      if (end < start) throw new FieldError(`#RAR year ${index} ends (${end}) before it starts (${start})`);
      if (file.financialYears.some((y) => y.index === index)) throw new FieldError(`#RAR year ${index} is given twice`);
      file.financialYears.push({ index, start, end, line: n });
      return;
    }
    case '#KONTO':
      file.accounts.push({ number: F.account(head, '#KONTO'), name: F.text(f[1]) ?? '', line: n });
      return;
    case '#DIM':
      file.dimensions.push({ number: F.integer(head, '#DIM number'), name: F.text(f[1]) ?? '', line: n });
      return;
    case '#OBJEKT':
      file.objects.push({
        dimension: F.integer(head, '#OBJEKT dimension'),
        id: F.required(f[1], '#OBJEKT object number'),
        name: F.text(f[2]) ?? '',
        line: n,
      });
      return;
    case '#KSUMMA':
      warnings.push(`line ${n}: the #KSUMMA checksum is not verified`);
      return;
    default:
      return;
  }
}
