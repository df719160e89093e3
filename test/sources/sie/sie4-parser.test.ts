import { expect } from 'chai';
import { decodeCp437 } from '../../../src/sources/sie/cp437.ts';
import { parseSie4 } from '../../../src/sources/sie/sie4-parser.ts';
import type { SieFile, SieResult } from '../../../src/sources/sie/sie4-types.ts';
import { file, pc8, Z_DAY } from './pc8.ts';

function parsed(r: SieResult): SieFile {
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.file;
}

describe('SIE4 parser: a well-formed file', () => {
  it('reads the company, years, chart, objects and the verification with amounts in öre', () => {
    const r = parseSie4(file(Z_DAY));
    const f = parsed(r);
    expect(r.warnings).to.deep.equal([]);
    expect(f.encoding).to.equal('cp437');
    expect(f.company).to.deep.equal({ name: 'Kaffebaren Södermalm AB', orgNumber: '556677-8899' });
    expect(f.program).to.deep.equal({ name: 'Kassa Pro', version: '3.2' });
    expect(f.generated).to.deep.equal({ date: '2026-04-02', sign: 'Åsa Öberg' });
    expect(f.financialYears.map((y) => [y.index, y.start, y.end])).to.deep.equal([
      [0, '2026-01-01', '2026-12-31'],
      [-1, '2025-01-01', '2025-12-31'],
    ]);
    expect(f.accounts.find((a) => a.number === '3740')?.name).to.equal('Öres- och kronutjämning');
    expect(f.accounts.find((a) => a.number === '2611')?.name).to.equal('Utgående moms försäljning 25 %');
    expect(f.objects).to.deep.equal([{ dimension: 1, id: 'GÖT', name: 'Götgatan', line: 22 }]);
    const [v] = f.verifications;
    expect(v).to.deep.include({ line: 23, series: 'Z', number: '1', date: '2026-04-01', registeredOn: '2026-04-02' });
    expect(v?.text).to.equal('Z-rapport 1-14 "Götgatan"');
    expect(v?.transactions.map((t) => [t.line, t.account, t.amountOre])).to.deep.equal([
      [25, '1910', 150000],
      [26, '1580', 200000],
      [27, '3001', -80000],
      [28, '2611', -20000],
      [29, '3002', -156250],
      [30, '2621', -18750],
      [31, '3003', -70755],
      [32, '2631', -4245],
    ]);
    expect(v?.transactions[1]).to.deep.include({ date: '2026-04-01', text: 'Kort, Götgatan' });
    expect(v?.transactions[1]?.objects).to.deep.equal([{ dimension: 1, id: 'GÖT' }]);
    expect(v?.transactions[4]?.objects).to.deep.equal([{ dimension: 1, id: 'GÖT' }]);
    expect(v?.balance).to.deep.equal({ debitOre: 350000, creditOre: 350000, differenceOre: 0 });
  });

  it('decodes CP437 properly: Å Ä Ö å ä ö é and the rest of the upper half', () => {
    expect(decodeCp437(Uint8Array.from([0x8f, 0x8e, 0x99, 0x86, 0x84, 0x94, 0x82, 0x90, 0x81]))).to.equal('ÅÄÖåäöéÉü');
    const upper = decodeCp437(Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i));
    expect([...upper]).to.have.length(128);
    expect(upper).to.not.contain('\ufffd');
    expect(upper.slice(0x7f)).to.equal('\u00a0'); // 0xFF is a no-break space
    expect(upper.slice(0x61, 0x62)).to.equal('ß'); // 0xE1
  });

  it('accepts LF or CRLF, tabs between fields, blank lines, integer amounts, and ignores labels it does not need', () => {
    const lines = [...Z_DAY];
    lines.splice(12, 0, '#IB 0 1910 2500.00', '#KTYP 1910 T', '#NYTT_OKANT "something"', '');
    const f = parsed(
      parseSie4(
        file(
          lines.map((l) => l.replace('#TRANS 1910 {} 1500.00', '#TRANS\t1910\t{}\t1500')),
          '\n',
        ),
      ),
    );
    expect(f.verifications[0]?.transactions[0]?.amountOre).to.equal(150000);
  });

  it('reads a feeder-system file (SIE 4I) whose verifications leave series and number empty', () => {
    const lines = Z_DAY.map((l) => (l.startsWith('#VER') ? '#VER "" "" 20260401 "Dagskassa"' : l));
    const v = parsed(parseSie4(file(lines))).verifications[0];
    expect(v).to.deep.include({ series: '', number: '', text: 'Dagskassa', registeredOn: null });
  });

  it('counts #TRANS rows only: a struck-out #BTRANS does not, an added #RTRANS comes with its #TRANS copy', () => {
    const lines = [...Z_DAY];
    const at = lines.indexOf('}');
    lines.splice(
      at,
      0,
      '#BTRANS 1910 {} 99.00',
      '#RTRANS 1910 {} 10.00',
      '#TRANS 1910 {} 10.00',
      '#TRANS 3740 {} -10.00',
    );
    const v = parsed(parseSie4(file(lines))).verifications[0];
    expect(v?.transactions.map((t) => t.kind).slice(-4)).to.deep.equal(['BTRANS', 'RTRANS', 'TRANS', 'TRANS']);
    expect(v?.balance.differenceOre).to.equal(0);
  });

  it('warns about a verification dated outside the financial years of #RAR', () => {
    const lines = Z_DAY.map((l) => l.replace('#VER Z 1 20260401', '#VER Z 1 20270105'));
    const r = parseSie4(file(lines));
    expect(r.warnings).to.deep.equal([
      'line 23: verification Z 1 is dated 2027-01-05, outside the financial years of #RAR',
    ]);
  });
});

describe('SIE4 parser: encodings other than PC8', () => {
  const text = Z_DAY.join('\r\n');
  it('reads a Latin-1 file that claims PC8, and says so', () => {
    const r = parseSie4(Buffer.from(text, 'latin1'));
    expect(parsed(r).company.name).to.equal('Kaffebaren Södermalm AB');
    expect(r.warnings[0]).to.match(/Latin-1/);
  });
  it('reads a UTF-8 file, and says so', () => {
    const r = parseSie4(Buffer.from(text, 'utf8'));
    expect(parsed(r).accounts.find((a) => a.number === '3740')?.name).to.equal('Öres- och kronutjämning');
    expect(r.warnings[0]).to.match(/UTF-8/);
  });
  it('keeps CP437 when the file has CP437 Swedish letters', () => {
    const bytes = pc8(text);
    expect(parseSie4(bytes).warnings).to.deep.equal([]);
    expect(parseSie4(bytes, { encoding: 'latin1' }).ok).to.equal(true);
  });
});
