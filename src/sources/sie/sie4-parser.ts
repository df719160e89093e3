import { decodeSie, type SieEncoding } from './cp437.ts';
import * as F from './sie4-fields.ts';
import { FieldError } from './sie4-fields.ts';
import { emptyFile, readHeader } from './sie4-header.ts';
import { TokenError, type Tokens, tokenize } from './sie4-tokens.ts';
import { balanceOf, kronor, type SieError, type SieResult, type SieVerification } from './sie4-types.ts';

/**
 * SIE4 reader: the file's bytes in, a typed file or every problem with its line number out.
 * Pure (no I/O besides decoding). Grammar and rules: SIE-gruppen, "SIE file format, version 4B"
 * (2008-09-30), https://sie.se/wp-content/uploads/2020/05/SIE_filformat_ver_4B_ENGLISH.pdf
 * (Swedish edition SIE_filformat_ver_4B_080930.pdf). Chapter 5, the file format: one item per
 * line starting with its #label; fields split by spaces or tabs; quotes around a field with
 * spaces and `\"` for a quote inside, no control characters (5.7); CP437 "PC8" (5.8); amounts with
 * a decimal point, a minus for credit, at most two decimals; dates YYYYMMDD; importing programs
 * silently ignore labels they do not know. The item chapter, for what is read here: #FLAGGA (the
 * first item), #PROGRAM, #FORMAT, #GEN, #SIETYP, #FNAMN, #ORGNR, #VALUTA, #KPTYP, #RAR årsnr start
 * slut, #KONTO nr namn, #DIM nr namn, #OBJEKT dim nr namn, #VER serie vernr verdatum [vertext]
 * [regdatum] [sign] followed by "{" alone on a line, its rows #TRANS kontonr {objektlista} belopp
 * [transdat] [transtext] [kvantitet] [sign] (#RTRANS and #BTRANS for rows added and struck out
 * later), and "}". The rows of a verification sum to zero.
 */

export interface SieParseOptions {
  /** Force a decoding instead of CP437 with the lenient fallback (see cp437.ts). */
  encoding?: SieEncoding;
  /** Return unbalanced verifications (with their balance) instead of failing on them. */
  allowUnbalanced?: boolean;
}

const ROWS = new Set(['#TRANS', '#RTRANS', '#BTRANS']);

const named = (v: SieVerification): string =>
  v.series === '' && v.number === ''
    ? `the verification of line ${v.line}`
    : `verification ${v.series} ${v.number}`.trim();

export function parseSie4(bytes: Uint8Array, options: SieParseOptions = {}): SieResult {
  const decoded = decodeSie(bytes, options.encoding);
  const warnings = decoded.warning ? [decoded.warning] : [];
  const errors: SieError[] = [];
  const fail = (line: number, message: string): void => {
    errors.push({ line, message: `line ${line}: ${message}` });
  };
  const file = emptyFile(decoded.encoding);
  let pending: SieVerification | undefined;
  let block: SieVerification | undefined;
  let first = true;
  const ids = new Map<string, number>();
  // A verification with a row that could not be read is not balance-checked: one error, not two.
  const damaged = new WeakSet<SieVerification>();

  const close = (v: SieVerification): void => {
    v.balance = balanceOf(v.transactions);
    if (!v.transactions.some((t) => t.kind === 'TRANS')) fail(v.line, `${named(v)} has no #TRANS rows`);
    else if (v.balance.differenceOre !== 0 && !options.allowUnbalanced && !damaged.has(v)) {
      const b = v.balance;
      fail(
        v.line,
        `${named(v)} does not balance: debit ${kronor(b.debitOre)}, credit ${kronor(b.creditOre)}, difference ${kronor(b.differenceOre)}`,
      );
    }
    const id = `${v.series}\u0000${v.number}`;
    const seen = ids.get(id);
    if (v.number !== '' && seen !== undefined) fail(v.line, `${named(v)} appears twice (also on line ${seen})`);
    ids.set(id, v.line);
    file.verifications.push(v);
  };

  const record = (t: Tokens, n: number): void => {
    const f = t.fields;
    const head = f[0]?.kind === 'text' ? f[0].value : undefined;
    if (block && !ROWS.has(t.label))
      throw new FieldError(`${t.label} inside ${named(block)} (opened on line ${block.line})`);
    switch (t.label) {
      case '#VER':
        pending = {
          line: n,
          series: F.text(f[0]) ?? '',
          number: F.text(f[1]) ?? '',
          date: F.sieDate(F.required(f[2], '#VER date'), '#VER date'),
          text: F.text(f[3]) ?? '',
          registeredOn: F.optionalDate(f[4], '#VER registration date'),
          sign: F.text(f[5]),
          transactions: [],
          balance: { debitOre: 0, creditOre: 0, differenceOre: 0 },
        };
        return;
      case '#TRANS':
      case '#RTRANS':
      case '#BTRANS': {
        if (!block)
          throw new FieldError(`${t.label} outside a verification (it belongs between “{” and “}” after a #VER)`);
        const what = t.label;
        block.transactions.push({
          line: n,
          kind: what === '#TRANS' ? 'TRANS' : what === '#RTRANS' ? 'RTRANS' : 'BTRANS',
          account: F.account(head, what),
          objects: F.objectList(f[1], what),
          amountOre: F.amountOre(f[2]?.kind === 'text' ? f[2].value : '', `${what} amount`),
          date: F.optionalDate(f[3], `${what} date`),
          text: F.text(f[4]),
          quantity: F.quantity(f[5], what),
          sign: F.text(f[6]),
        });
        return;
      }
      default:
        readHeader(file, t, n, warnings); // unknown labels are ignored there (§5)
    }
  };

  // A #VER that could not be read: its block is skipped, so one bad header is one error, not ten.
  let broken: 'none' | 'expect-brace' | 'in-block' = 'none';
  const lines = decoded.text.split(/\r\n|\n|\r/);
  for (const [i, raw] of lines.entries()) {
    const n = i + 1;
    const line = raw.trim();
    if (line === '') continue;
    if (broken === 'in-block') {
      if (line === '}') broken = 'none';
      continue;
    }
    if (line === '{') {
      if (broken === 'expect-brace') broken = 'in-block';
      else if (!pending) fail(n, '“{” without a #VER before it');
      else {
        block = pending;
        pending = undefined;
      }
      continue;
    }
    broken = 'none';
    if (line === '}') {
      if (!block) fail(n, '“}” without a verification to close');
      else close(block);
      block = undefined;
      continue;
    }
    const label = line.split(/[ \t]/, 1)[0]?.toUpperCase() ?? line;
    if (pending) {
      fail(pending.line, `${named(pending)} must be followed by “{” on a line of its own`);
      pending = undefined;
      if (ROWS.has(label)) {
        broken = 'in-block'; // its rows follow without the brace: skip them up to "}"
        continue;
      }
    }
    if (!line.startsWith('#')) {
      fail(n, `expected a #label, found “${line.slice(0, 40)}”`);
      continue;
    }
    if (first && label !== '#FLAGGA') fail(n, `an SIE file starts with #FLAGGA, this one with ${label}`);
    first = false;
    try {
      record(tokenize(line), n);
    } catch (e) {
      if (!(e instanceof TokenError || e instanceof FieldError)) throw e;
      fail(n, e instanceof TokenError ? `${label} ${e.message}` : e.message);
      if (label === '#VER' && !block) broken = 'expect-brace';
      if (block) damaged.add(block);
    }
  }
  if (pending) fail(pending.line, `${named(pending)} must be followed by “{” on a line of its own`);
  if (block) fail(block.line, `${named(block)} is not closed with “}”`);
  if (first) fail(1, 'the file is empty');
  else if (file.sieType === null) fail(1, 'the file has no #SIETYP 4 line, so it is not an SIE type 4 file');
  if (file.format === null && !first) warnings.push('the file has no #FORMAT PC8 line; it was read as PC8 (CP437)');
  const years = file.financialYears;
  for (const v of file.verifications) {
    if (years.length > 0 && !years.some((y) => y.start <= v.date && v.date <= y.end)) {
      warnings.push(`line ${v.line}: ${named(v)} is dated ${v.date}, outside the financial years of #RAR`);
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, file, warnings };
}
