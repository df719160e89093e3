import { expect } from 'chai';
import { at, startTestEmulator, type TestEmulator } from './helpers.ts';

/** The text a PDF reader shows: each `(…) Tj` string, escapes undone, bytes read as WinAnsi. */
function shownText(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  return [...raw.matchAll(/\(((?:\\.|[^\\)])*)\) Tj/g)].map((m) => {
    const bytes = (m[1] ?? '').replace(/\\([0-7]{3}|.)/g, (_e, c: string) =>
      /^[0-7]{3}$/.test(c) ? String.fromCharCode(Number.parseInt(c, 8)) : c,
    );
    return Buffer.from(bytes, 'latin1').toString('latin1');
  });
}

describe('Fortnox emulator: invoice PDF', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator({ rateLimit: { enabled: false } });
    await t.api('POST', '/3/customers', {
      Customer: { Name: 'Åkesson & Söner AB', City: 'Göteborg', ZipCode: '411 01', CountryCode: 'SE' },
    });
    await t.api('POST', '/3/articles', { Article: { ArticleNumber: 'BOK', Description: 'Bok', SalesAccount: 3002 } });
  });
  afterEach(async () => {
    await t.close();
  });

  const pdfOf = async (path: 'preview' | 'print'): Promise<{ n: string; pdf: Buffer }> => {
    const made = await t.api('POST', '/3/invoices', {
      Invoice: {
        CustomerNumber: '1',
        Freight: 95,
        InvoiceRows: [
          { Description: 'Licens för året', DeliveredQuantity: 2, Price: 1000, Discount: 10 },
          { ArticleNumber: 'BOK', DeliveredQuantity: 1, Price: 200 },
        ],
      },
    });
    const n = String(at(made.json, 'Invoice', 'DocumentNumber'));
    const res = await fetch(`${t.emu.url}/3/invoices/${n}/${path}`, {
      headers: { Authorization: `Bearer ${t.token}` },
    });
    expect(res.headers.get('content-type')).to.equal('application/pdf');
    return { n, pdf: Buffer.from(await res.arrayBuffer()) };
  };

  it('keeps å, ä and ö: WinAnsi-encoded Helvetica and WinAnsi bytes', async () => {
    const { pdf } = await pdfOf('preview');
    const text = shownText(pdf);
    expect(text).to.include('Förfallodatum');
    expect(text).to.include('Åkesson & Söner AB (kund 1)');
    expect(text.join('\n')).not.to.contain('?');
    expect(pdf.toString('latin1')).to.contain('/BaseFont /Helvetica /Encoding /WinAnsiEncoding');
  });

  it('shows each row’s discount and VAT rate, VAT per rate with its basis, and the total', async () => {
    const { n, pdf } = await pdfOf('print');
    const text = shownText(pdf);
    expect(text).to.include.members([`Faktura ${n}`, 'Licens för året', '10 %', '1800.00', '12 %']);
    expect(text).to.include.members(['Moms 25 % på 1895.00', '473.75', 'Moms 12 % på 200.00', '24.00']);
    expect(text).to.include.members(['Att betala (SEK)', '2593.00', 'Öresavrundning', '0.25']);
    expect(at((await t.api('GET', `/3/invoices/${n}`)).json, 'Invoice', 'Sent')).to.equal(true);
  });

  it('is a well-formed PDF: every xref offset points at its object', async () => {
    const { pdf } = await pdfOf('preview');
    const raw = pdf.toString('latin1');
    const xrefAt = Number(/startxref\n(\d+)/.exec(raw)?.[1]);
    const entries = raw
      .slice(xrefAt)
      .split('\n')
      .slice(3)
      .filter((l) => / 00000 n $/.test(l));
    expect(entries.length).to.be.greaterThan(4);
    entries.forEach((line, i) => {
      expect(raw.slice(Number(line.slice(0, 10)))).to.match(new RegExp(`^${i + 1} 0 obj`));
    });
  });
});
