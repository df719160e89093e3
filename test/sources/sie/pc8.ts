/**
 * Test files as an SIE program writes them: CP437 bytes. The Swedish letters are mapped by hand
 * from IBM's code page 437 chart (not with the parser's own table, which the tests check).
 */
const CP437: Record<string, number> = {
  å: 0x86,
  ä: 0x84,
  ö: 0x94,
  Å: 0x8f,
  Ä: 0x8e,
  Ö: 0x99,
  é: 0x82,
  ü: 0x81,
  É: 0x90,
};

export function pc8(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) out.push(code);
    else {
      const b = CP437[ch];
      if (b === undefined) throw new Error(`no CP437 byte for “${ch}” in the test table`);
      out.push(b);
    }
  }
  return Uint8Array.from(out);
}

/** A Z-report day exported by a till as SIE 4 (three VAT rates, a cost centre, an escaped quote). */
export const Z_DAY = [
  '#FLAGGA 0',
  '#PROGRAM "Kassa Pro" 3.2',
  '#FORMAT PC8',
  '#GEN 20260402 "Åsa Öberg"',
  '#SIETYP 4',
  '#FNAMN "Kaffebaren Södermalm AB"',
  '#ORGNR 556677-8899',
  '#RAR 0 20260101 20261231',
  '#RAR -1 20250101 20251231',
  '#KPTYP EUBAS97',
  '#VALUTA SEK',
  '#KONTO 1910 "Kassa"',
  '#KONTO 1580 "Kontokort och kuponger"',
  '#KONTO 2611 "Utgående moms försäljning 25 %"',
  '#KONTO 2621 "Utgående moms 12 %"',
  '#KONTO 2631 "Utgående moms 6 %"',
  '#KONTO 3001 "Försäljning 25 %"',
  '#KONTO 3002 "Försäljning 12 %"',
  '#KONTO 3003 "Försäljning 6 %"',
  '#KONTO 3740 "Öres- och kronutjämning"',
  '#DIM 1 "Resultatenhet"',
  '#OBJEKT 1 "GÖT" "Götgatan"',
  '#VER Z 1 20260401 "Z-rapport 1-14 \\"Götgatan\\"" 20260402',
  '{',
  '#TRANS 1910 {} 1500.00',
  '#TRANS 1580 {1 "GÖT"} 2000.00 20260401 "Kort, Götgatan"',
  '#TRANS 3001 {1 "GÖT"} -800.00',
  '#TRANS 2611 {} -200.00',
  '#TRANS 3002 {1 GÖT} -1562.50',
  '#TRANS 2621 {} -187.50',
  '#TRANS 3003 {} -707.55',
  '#TRANS 2631 {} -42.45',
  '}',
];

export const file = (lines: string[], eol = '\r\n'): Uint8Array => pc8(lines.join(eol) + eol);
