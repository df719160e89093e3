import { expect } from 'chai';
import fc from 'fast-check';
import type { SalesDocument } from '../../src/core/documents.ts';
import { preflight } from '../../src/core/preflight.ts';
import { DEFAULT_SETTINGS } from '../../src/core/settings.ts';
import { shorten } from '../../src/core/text.ts';
import { NeedsAttentionError } from '../../src/sink/attention.ts';
import { creditedRows } from '../../src/sink/credit-rows.ts';
import { documentFields } from '../../src/sink/payloads.ts';
import { balanceVoucher } from '../../src/sink/voucher-balance.ts';
import type { ShopOrder } from '../../src/sources/shop/order.ts';
import { shopSettingsSchema } from '../../src/sources/shop/settings.ts';
import { shopDocument } from '../../src/sources/shop/to-document.ts';
import { SWEDISH_BUYER } from './arbitraries.ts';
import { checkPlainWords, fortnoxTotalsOf, newTally, PROPERTIES } from './properties.ts';

/**
 * Hostile documents through pre-flight and mapping: a valid payload whose totals match, or a message
 * in plain words — never a crash, never silence. fast-check prints the seed and the shrunk
 * counter-example of a failure; `FC_SEED=<seed>` replays it. The counter-examples it found are kept
 * below as ordinary tests of the fixes they led to.
 */

const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const WORDS = { document: 'order', customer: 'customer', line: 'order line' };

describe('hostile input: properties', () => {
  for (const [name, make] of Object.entries(PROPERTIES)) {
    it(`${name}: a valid payload with matching totals, or a plain-words message`, () => {
      const tally = newTally();
      fc.assert(make(tally), { numRuns: 200, ...(seed === undefined ? {} : { seed }) });
      // Both outcomes must occur, or the property checked only one side.
      expect(tally.payload, 'runs that reached a payload').to.be.greaterThan(5);
      expect(tally.attention, 'runs that needed a person').to.be.greaterThan(5);
    });
  }
});

function order(over: Partial<SalesDocument> = {}): SalesDocument {
  return {
    source: { system: 'shop', connection: 'default', object: 'order', id: '1' },
    title: 'Order #1',
    customer: {
      source: { system: 'shop', connection: 'default', object: 'customer', id: 'c1' },
      name: 'Anna Andersson',
      kind: 'private',
      billingAddress: { countryCode: 'SE' },
    },
    currency: 'SEK',
    documentDate: '2026-11-20',
    active: true,
    lines: [{ productCode: 'A1', description: 'Kaffe', quantity: 1, unitPrice: 100 }],
    ...over,
  };
}

const problems = (doc: SalesDocument) => preflight(doc, DEFAULT_SETTINGS, ['SEK'], WORDS).problems;

describe('hostile input: the counter-examples found', () => {
  it('never cuts an emoji in half when shortening a row description', () => {
    const text = `${'a'.repeat(253)}😀😀`;
    const cut = preflight(
      order({ lines: [{ ...order().lines[0]!, description: text }] }),
      DEFAULT_SETTINGS,
      ['SEK'],
      WORDS,
    ).document.lines[0]!.description;
    expect(cut.isWellFormed()).to.equal(true);
    expect(cut.length).to.be.at.most(255);
    expect(shorten('\ud800abc', 10)).to.equal('\ufffdabc');
  });

  it('refuses a quantity Fortnox would round away (0.125 h at 1 000 is 125, not 130)', () => {
    const doc = order({ lines: [{ productCode: 'H', description: 'Consulting', quantity: 0.125, unitPrice: 1000 }] });
    const found = problems({ ...doc, lines: doc.lines.map((l) => ({ ...l })) });
    expect(found.map((p) => p.code)).to.deep.equal(['line_decimals_lost']);
    expect(found[0]!.message).to.contain('would come to 130.00 instead of 125.00');
    expect(problems(order({ lines: [{ ...doc.lines[0]!, quantity: 0.5 }] }))).to.deep.equal([]);
  });

  it('refuses amounts beyond exact öre, dates that are no date, and VAT rates Sweden has not', () => {
    const line = order().lines[0]!;
    expect(problems(order({ lines: [{ ...line, quantity: 1e15, unitPrice: 0 }] })).map((p) => p.code)).to.deep.equal([
      'line_amount_too_large',
    ]);
    expect(problems(order({ lines: [], expectedNet: 1e300 })).map((p) => p.code)).to.deep.equal(['amount_invalid']);
    expect(problems(order({ documentDate: '2026-02-30' })).map((p) => p.code)).to.deep.equal(['document_date_invalid']);
    expect(problems(order({ lines: [{ ...line, vatRate: 19 }] })).map((p) => p.code)).to.deep.equal([
      'line_vat_not_swedish',
    ]);
    // A German consumer may carry German VAT (One Stop Shop).
    const de = order({ customer: { ...order().customer, billingAddress: { countryCode: 'DE' } } });
    expect(problems({ ...de, lines: [{ ...line, vatRate: 19 }] })).to.deep.equal([]);
  });

  it('credits: refuses a refund line without a usable price or quantity, and shortens long titles', () => {
    const invoice = {
      Rows: [{ RowId: 1, ArticleNumber: 'A1', Description: 'Kaffe', DeliveredQuantity: 1, Price: 100, VAT: 25 }],
      DocumentNumber: '42',
      VATIncluded: false,
    } as Parameters<typeof creditedRows>[1];
    const base = {
      source: order().source,
      original: order().source,
      title: 'Refund',
      currency: 'SEK',
      date: '2026-11-21',
    };
    const line = { productCode: 'A1', description: 'Kaffe', quantity: 1, unitPrice: Number.NaN };
    expect(() => creditedRows({ ...base, lines: [line] }, invoice, WORDS)).to.throw(NeedsAttentionError, 'price “NaN”');
    expect(() =>
      creditedRows({ ...base, lines: [{ ...line, unitPrice: 1, quantity: Infinity }] }, invoice, WORDS),
    ).to.throw(NeedsAttentionError);
    expect(() => creditedRows({ ...base, amount: 1e300 }, invoice, WORDS)).to.throw(NeedsAttentionError);
    const [row] = creditedRows({ ...base, title: 'x'.repeat(400), amount: 10 }, invoice, WORDS);
    expect(row!.description.length).to.equal(255);
    // Less than half an öre was credited as nothing at all, without a word.
    expect(() => creditedRows({ ...base, amount: 0.004 }, invoice, WORDS)).to.throw(NeedsAttentionError);
  });

  it('credits: a few öre split over three VAT rates never gives a rate a negative share', () => {
    const rows = [25, 12, 6].map((VAT, i) => ({
      RowId: i + 1,
      Description: `R${VAT}`,
      DeliveredQuantity: 1,
      Price: 10,
      VAT,
    }));
    const invoice = { Rows: rows, DocumentNumber: '42', VATIncluded: true } as Parameters<typeof creditedRows>[1];
    const refund = {
      source: order().source,
      original: order().source,
      title: 'Refund',
      currency: 'SEK',
      date: '2026-11-21',
    };
    const credited = creditedRows({ ...refund, amount: 0.02 }, invoice, WORDS);
    expect(credited.every((r) => r.price > 0)).to.equal(true);
    expect(credited.reduce((sum, r) => sum + r.price, 0)).to.be.closeTo(0.02, 1e-9);
  });

  it('vouchers: an amount that is no number is quoted, not printed as a programming value', () => {
    const voucher = {
      source: order().source,
      title: 'The day 2026-11-20',
      date: '2026-11-20',
      description: 'Z',
      key: 'k',
      rows: [{ account: 1910, debitOre: Number.NaN, creditOre: 0 }],
    };
    try {
      balanceVoucher(voucher, { toleranceOre: 2, roundingAccount: 3740 });
      expect.fail('balanced a voucher with NaN öre');
    } catch (error) {
      checkPlainWords((error as NeedsAttentionError).userMessage);
    }
  });

  const settings = shopSettingsSchema.parse({});
  function shopOrder(lines: ShopOrder['lines'], total: number): ShopOrder {
    return {
      source: { system: 'shop', connection: 'default', object: 'order', id: '1' },
      number: '1001',
      title: 'Order #1001',
      date: '2026-11-20',
      currency: 'SEK',
      pricesIncludeVat: false,
      total,
      active: true,
      buyer: SWEDISH_BUYER,
      lines,
      routing: {},
      guestCustomer: { system: 'shop', connection: 'default', object: 'guest', id: 'g1' },
    };
  }
  const kaffe = { kind: 'product' as const, sku: 'KAFFE', name: 'Kaffe', vatRate: 25 };

  it('shop: weighed goods (3.333 kg) become one row at the line amount, so Fortnox totals what the buyer paid', () => {
    const line = { ...kaffe, quantity: 3.333, net: 48.28, tax: 12.07, netAfter: 48.28, taxAfter: 12.07 };
    const mapped = shopDocument(shopOrder([line], 60.35), settings);
    if (mapped.kind !== 'document') throw new Error(mapped.message);
    expect(mapped.document.lines[0]).to.include({ quantity: 1, unitPrice: 48.28, description: '3.333 × Kaffe' });
    const doc = mapped.document;
    const s = { ...DEFAULT_SETTINGS, defaultArticleNumber: 'MISC' };
    expect(fortnoxTotalsOf(documentFields(doc, '1', s, '2026-12-03', 'r')).total).to.equal(60.35);
  });

  it('shop: amounts that are no number, or a quantity Fortnox cannot hold, block the order in words', () => {
    const nan = { ...kaffe, quantity: 1, net: Number.NaN, tax: 0, netAfter: 0, taxAfter: 0 };
    const tiny = { ...kaffe, quantity: -5e-324, net: 0.01, tax: 0, netAfter: 0.01, taxAfter: 0 };
    for (const [lines, total] of [
      [[nan], 10],
      [[tiny], 0.01],
      [[{ ...nan, net: 1e300, netAfter: 1e300 }], 0.01],
      [[], Number.NaN],
    ] as const) {
      const mapped = shopDocument(shopOrder([...lines], total), settings);
      expect(mapped.kind).to.equal('blocked');
      if (mapped.kind === 'blocked') {
        expect(mapped.code).to.equal('amount_unreadable');
        checkPlainWords(mapped.message);
      }
    }
  });
});
