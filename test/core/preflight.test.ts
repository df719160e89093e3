import { expect } from 'chai';
import type { SalesDocument } from '../../src/core/documents.ts';
import { preflight } from '../../src/core/preflight.ts';
import { DEFAULT_SETTINGS } from '../../src/core/settings.ts';
import { salesforceSource } from '../../src/sources/salesforce/adapter.ts';

// How the Salesforce adapter words an Opportunity's problems.
const WORDS = salesforceSource.objects.Opportunity!.words;

function deal(overrides: Partial<SalesDocument> = {}): SalesDocument {
  return {
    source: { system: 'salesforce', connection: 'default', object: 'Opportunity', id: '006000000000001AAA' },
    title: 'Åkerberg AB renewal',
    customer: {
      source: { system: 'salesforce', connection: 'default', object: 'Account', id: '001000000000001AAA' },
      name: 'Åkerberg AB',
      kind: 'company',
      billingAddress: { countryCode: 'SE', city: 'Malmö' },
    },
    currency: 'SEK',
    documentDate: '2026-11-20',
    active: true,
    expectedNet: 1000,
    lines: [{ productCode: 'CONSULT-H', description: 'Consulting hour', quantity: 10, unitPrice: 100 }],
    ...overrides,
  };
}

const codes = (doc: SalesDocument, currencies = ['SEK', 'EUR']) =>
  preflight(doc, DEFAULT_SETTINGS, currencies, WORDS).problems.map((p) => p.code);

describe('pre-flight validation', () => {
  it('passes a complete deal untouched', () => {
    expect(codes(deal())).to.deep.equal([]);
  });

  it('explains an Account without billing country, and an unrecognisable one', () => {
    const missing = preflight(
      deal({ customer: { ...deal().customer, billingAddress: {} } }),
      DEFAULT_SETTINGS,
      ['SEK'],
      WORDS,
    );
    expect(missing.problems[0]!.message).to.equal(
      'The Account has no billing country. Fill in the billing country and save it; it decides the VAT.',
    );
    expect(codes(deal({ customer: { ...deal().customer, billingAddress: { countryText: 'Narnia' } } }))).to.deep.equal([
      'customer_country_unknown',
    ]);
  });

  it('explains an Account without a name', () => {
    expect(codes(deal({ customer: { ...deal().customer, name: '  ' } }))).to.deep.equal(['customer_name_missing']);
  });

  it('refuses a line without product code when no default article is set, and accepts it when one is', () => {
    const doc = deal({ lines: [{ description: 'Setup', quantity: 1, unitPrice: 500 }] });
    const result = preflight(doc, DEFAULT_SETTINGS, ['SEK'], WORDS);
    expect(result.problems[0]!.message).to.contain('Product line 1 (“Setup”) has no product code');
    expect(
      preflight(doc, { ...DEFAULT_SETTINGS, defaultArticleNumber: 'MISC' }, ['SEK'], WORDS).problems,
    ).to.deep.equal([]);
  });

  it('books shipping, fees and discounts without an article: only product lines need a code', () => {
    const lines = [
      { productCode: 'A1', description: 'Kaffe', quantity: 1, unitPrice: 89 },
      { kind: 'shipping' as const, description: 'Frakt', quantity: 1, unitPrice: 49 },
      { kind: 'fee' as const, description: 'Presentinslagning', quantity: 1, unitPrice: 19 },
      { kind: 'discount' as const, description: 'Rabatt', quantity: 1, unitPrice: 10 },
    ];
    expect(codes(deal({ lines }))).to.deep.equal([]);
    expect(
      codes(deal({ lines: [{ kind: 'product', description: 'Uncoded', quantity: 1, unitPrice: 1 }] })),
    ).to.deep.equal(['line_product_code_missing']);
  });

  it('refuses more than 500 rows', () => {
    const lines = Array.from({ length: 501 }, (_, i) => ({
      productCode: 'A1',
      description: `Row ${i}`,
      quantity: 1,
      unitPrice: 1,
    }));
    expect(codes(deal({ lines }))).to.deep.equal(['too_many_rows']);
  });

  it('refuses negative or non-numeric quantities and prices', () => {
    const lines = [
      { productCode: 'A1', description: 'Minus', quantity: -1, unitPrice: 10 },
      { productCode: 'A1', description: 'NaN price', quantity: 1, unitPrice: Number.NaN },
    ];
    expect(codes(deal({ lines }))).to.deep.equal(['line_quantity_invalid', 'line_price_invalid']);
  });

  it('refuses a currency Fortnox does not have enabled', () => {
    const result = preflight(deal({ currency: 'JPY' }), DEFAULT_SETTINGS, ['SEK', 'EUR'], WORDS);
    expect(result.problems[0]!.message).to.contain('currency JPY is not enabled in Fortnox');
  });

  it('refuses product codes with characters Fortnox refuses', () => {
    expect(
      codes(deal({ lines: [{ productCode: 'ÅÄÖ 1', description: 'x', quantity: 1, unitPrice: 1 }] })),
    ).to.deep.equal(['line_product_code_invalid']);
  });

  it('shortens a long row description (safe) but refuses a long customer order number (not safe)', () => {
    const long = 'x'.repeat(300);
    const result = preflight(
      deal({ lines: [{ productCode: 'A1', description: long, quantity: 1, unitPrice: 1 }] }),
      DEFAULT_SETTINGS,
      ['SEK'],
      WORDS,
    );
    expect(result.problems).to.deep.equal([]);
    expect(result.document.lines[0]!.description).to.have.length(255);
    expect(codes(deal({ yourOrderNumber: 'P'.repeat(76) }))).to.deep.equal(['your_order_number_too_long']);
  });

  it('refuses an invalid Swedish organisation number or e-mail with the value named', () => {
    const result = preflight(
      deal({ customer: { ...deal().customer, organisationNumber: '556036-0794', email: 'nope' } }),
      DEFAULT_SETTINGS,
      ['SEK'],
      WORDS,
    );
    expect(result.problems.map((p) => p.code)).to.deep.equal(['customer_email_invalid', 'customer_org_number_invalid']);
    expect(result.problems[1]!.message).to.contain('556036-0794');
  });

  it('refuses a deal with neither lines nor amount', () => {
    const { expectedNet: _omit, ...rest } = deal({ lines: [] });
    expect(codes(rest)).to.deep.equal(['no_lines_no_amount']);
  });
});
