import { expect } from 'chai';
import { parseSie4 } from '../../../src/sources/sie/sie4-parser.ts';
import { file, Z_DAY } from './pc8.ts';

/** Z_DAY with line `n` (1-based) replaced, or removed when `by` is null, or lines inserted before it. */
function edit(n: number, by: string | null, insert: string[] = []): string[] {
  const lines = [...Z_DAY];
  if (by === null) lines.splice(n - 1, 1, ...insert);
  else lines.splice(n - 1, 1, ...insert, by);
  return lines;
}

function errorsOf(lines: string[]): string[] {
  const r = parseSie4(file(lines));
  return r.ok ? [] : r.errors.map((e) => e.message);
}

// Line numbers in Z_DAY: 1 #FLAGGA, 5 #SIETYP, 8 #RAR 0, 12 #KONTO 1910, 23 #VER, 24 {, 25–32 #TRANS, 33 }.
const CASES: [string, string[], string][] = [
  [
    'an amount that is not a number',
    edit(25, '#TRANS 1910 {} 12,5x'),
    'line 25: #TRANS amount “12,5x” is not a number',
  ],
  [
    'a decimal comma',
    edit(25, '#TRANS 1910 {} 1500,00'),
    'line 25: #TRANS amount “1500,00” has a decimal comma; SIE writes amounts with a point (12.50)',
  ],
  [
    'more than two decimals',
    edit(25, '#TRANS 1910 {} 1500.005'),
    'line 25: #TRANS amount “1500.005” has more than two decimals',
  ],
  [
    'an account that is not a number',
    edit(25, '#TRANS 19x0 {} 1500.00'),
    'line 25: #TRANS account “19x0” is not a number',
  ],
  [
    'a missing object list',
    edit(25, '#TRANS 1910 1500.00'),
    'line 25: #TRANS needs an object list, {} when there is none',
  ],
  [
    'an object list without pairs',
    edit(25, '#TRANS 1910 {1} 1500.00'),
    'line 25: #TRANS object list {1} needs pairs of dimension and object',
  ],
  [
    'a transaction date that is not a date',
    edit(26, '#TRANS 1580 {} 2000.00 20260431'),
    'line 26: #TRANS date “20260431” is not a date (SIE writes YYYYMMDD, e.g. 20260401)',
  ],
  [
    'a verification date that is not a date',
    edit(23, '#VER Z 1 2026-04-01 "Z"'),
    'line 23: #VER date “2026-04-01” is not a date (SIE writes YYYYMMDD, e.g. 20260401)',
  ],
  [
    'a quote that is not closed',
    edit(12, '#KONTO 1910 "Kassa'),
    'line 12: #KONTO has a quoted text that is not closed with "',
  ],
  [
    'an object list that is not closed',
    edit(25, '#TRANS 1910 {1 GÖT 1500.00'),
    'line 25: #TRANS has an object list that is not closed with “}”',
  ],
  [
    'a control character in a text',
    edit(12, '#KONTO 1910 "Kas\u0007sa"'),
    'line 12: #KONTO contains a control character (code 7), which SIE does not allow',
  ],
  [
    'a row outside a verification',
    edit(12, '#TRANS 1910 {} 1.00'),
    'line 12: #TRANS outside a verification (it belongs between “{” and “}” after a #VER)',
  ],
  [
    'another item inside a verification',
    edit(26, '#KONTO 1930 "Bank"'),
    'line 26: #KONTO inside verification Z 1 (opened on line 23)',
  ],
  ['a #VER without its “{”', edit(24, null), 'line 23: verification Z 1 must be followed by “{” on a line of its own'],
  ['a verification that is never closed', edit(33, null), 'line 23: verification Z 1 is not closed with “}”'],
  ['a “}” with nothing open', edit(12, '}'), 'line 12: “}” without a verification to close'],
  ['a line without a label', edit(12, 'KONTO 1910 Kassa'), 'line 12: expected a #label, found “KONTO 1910 Kassa”'],
  [
    'a file that does not start with #FLAGGA',
    edit(1, null),
    'line 1: an SIE file starts with #FLAGGA, this one with #PROGRAM',
  ],
  ['#FLAGGA that is not 0 or 1', edit(1, '#FLAGGA 2'), 'line 1: #FLAGGA “2” is not 0 or 1'],
  [
    'an SIE type without verifications',
    edit(5, '#SIETYP 2'),
    'line 5: #SIETYP 2 files hold balances only; export SIE type 4 (with verifications)',
  ],
  ['no #SIETYP at all', edit(5, null), 'line 1: the file has no #SIETYP 4 line, so it is not an SIE type 4 file'],
  [
    'a financial year that ends before it starts',
    edit(8, '#RAR 0 20261231 20260101'),
    'line 8: #RAR year 0 ends (2026-01-01) before it starts (2026-12-31)',
  ],
  [
    'a financial year numbered in the future',
    edit(8, '#RAR 1 20260101 20261231'),
    'line 8: #RAR year number 1 must be 0 (this year) or negative (earlier years)',
  ],
  ['a verification without rows', [...Z_DAY.slice(0, 24), '}'], 'line 23: verification Z 1 has no #TRANS rows'],
  [
    'the same verification number twice',
    [...Z_DAY, ...Z_DAY.slice(22)],
    'line 34: verification Z 1 appears twice (also on line 23)',
  ],
];

describe('SIE4 parser: a malformed file gets a line-numbered, plain message per problem', () => {
  for (const [what, lines, message] of CASES) {
    it(what, () => {
      expect(errorsOf(lines)).to.deep.equal([message]);
    });
  }

  it('refuses an empty file', () => {
    expect(errorsOf([])).to.deep.equal(['line 1: the file is empty']);
  });

  it('lists every problem of a file at once, in line order', () => {
    const lines = edit(25, '#TRANS 1910 {} abc');
    lines[11] = '#KONTO 19x0 "Kassa"';
    lines[1] = 'PROGRAM Kassa';
    expect(errorsOf(lines)).to.deep.equal([
      'line 2: expected a #label, found “PROGRAM Kassa”',
      'line 12: #KONTO account “19x0” is not a number',
      'line 25: #TRANS amount “abc” is not a number',
    ]);
  });

  it('reports one problem for a broken #VER, not one for each of its rows', () => {
    expect(errorsOf(edit(23, '#VER Z 1 20261301 "Z"'))).to.have.length(1);
  });
});

describe('SIE4 parser: the balance of a verification, in öre', () => {
  const unbalanced = edit(32, '#TRANS 2631 {} -42.40');

  it('refuses a verification whose rows do not sum to zero, naming debit, credit and difference', () => {
    expect(errorsOf(unbalanced)).to.deep.equal([
      'line 23: verification Z 1 does not balance: debit 3500.00, credit 3499.95, difference 0.05',
    ]);
  });

  it('returns it with its balance when asked, so the caller can hold the day with a message', () => {
    const r = parseSie4(file(unbalanced), { allowUnbalanced: true });
    expect(r.ok).to.equal(true);
    if (r.ok)
      expect(r.file.verifications[0]?.balance).to.deep.equal({ debitOre: 350000, creditOre: 349995, differenceOre: 5 });
  });

  it('balances many rows exactly where floating point would not (0.10 × 30 against 3.00)', () => {
    const rows = Array.from({ length: 30 }, () => '#TRANS 1910 {} 0.10');
    const lines = [...Z_DAY.slice(0, 24), ...rows, '#TRANS 3001 {} -3.00', '}'];
    const r = parseSie4(file(lines));
    expect(r.ok).to.equal(true);
    if (r.ok)
      expect(r.file.verifications[0]?.balance).to.deep.equal({ debitOre: 300, creditOre: 300, differenceOre: 0 });
  });
});
