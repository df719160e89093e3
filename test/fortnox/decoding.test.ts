import { expect } from 'chai';
import { formatLastModified, MAX_PAGE_SIZE } from '../../src/fortnox/index.ts';
import { paginate, searchQuery } from '../../src/fortnox/listing.ts';
import { CustomerSchema } from '../../src/fortnox/schemas/customer.ts';
import { InvoiceListItemSchema, InvoiceSchema } from '../../src/fortnox/schemas/invoice.ts';
import { listEnvelope } from '../../src/fortnox/schemas/lenient.ts';
import { recordedAnswer, recordedPresent } from './helpers/recorded.ts';

describe('Fortnox decoding: lenient types, Stockholm time, paging', () => {
  it('turns string numbers, "false" strings and "" / null dates into clean values', () => {
    const invoice = InvoiceSchema.parse({
      DocumentNumber: 39,
      OCR: '3947',
      Credit: 'false',
      CreditInvoiceReference: '0',
      InvoiceReference: 0,
      CurrencyRate: '1',
      Total: 37.740000000000002,
      Balance: '12.5',
      FinalPayDate: null,
      LastRemindDate: '',
      Booked: true,
      Cancelled: false,
      InvoiceRows: [{ DeliveredQuantity: '1.13', Price: 1.12, RowId: 27, VAT: 25 }],
    });
    expect(invoice).to.include({
      DocumentNumber: '39',
      OCR: '3947',
      Credit: false,
      CreditInvoiceReference: null,
      CurrencyRate: 1,
      Balance: 12.5,
      FinalPayDate: null,
      LastRemindDate: null,
    });
    expect(invoice.InvoiceRows[0]).to.include({ DeliveredQuantity: 1.13, RowId: 27 });
    expect(invoice.ExternalInvoiceReference1).to.equal('');
  });

  it('refuses a word where a number belongs', () => {
    expect(InvoiceSchema.safeParse({ Total: 'tusen' }).success).to.equal(false);
    expect(InvoiceSchema.safeParse({ Booked: 'kanske' }).success).to.equal(false);
  });

  it('decodes recorded list and entity answers', function () {
    if (!recordedPresent()) this.skip(); // ../shared/fixtures is absent outside the team checkout
    const list = listEnvelope('Invoices', InvoiceListItemSchema).parse(
      JSON.parse(recordedAnswer('invoices/filter_hit').body),
    );
    expect(list.items.length).to.be.greaterThan(0);
    for (const item of list.items) expect(item.DocumentNumber).to.match(/^\d+$/);
    expect(list.page.totalPages).to.be.a('number');
    const customer = CustomerSchema.parse(JSON.parse(recordedAnswer('customers/save_new').body).Customer);
    expect(customer).to.include({ Name: 'A value', Address1: '', Active: true, Currency: 'SEK' });
  });

  it('formats lastmodified in Stockholm wall-clock time across both DST changes', () => {
    expect(formatLastModified(new Date('2025-01-15T12:00:00Z'))).to.equal('2025-01-15 13:00'); // CET, +1
    expect(formatLastModified(new Date('2025-07-01T12:00:00Z'))).to.equal('2025-07-01 14:00'); // CEST, +2
    // Spring forward, 30 March 2025 01:00 UTC: 01:59 CET is followed by 03:00 CEST.
    expect(formatLastModified(new Date('2025-03-30T00:59:00Z'))).to.equal('2025-03-30 01:59');
    expect(formatLastModified(new Date('2025-03-30T01:00:00Z'))).to.equal('2025-03-30 03:00');
    // Fall back, 26 October 2025 01:00 UTC: 02:30 happens twice.
    expect(formatLastModified(new Date('2025-10-26T00:30:00Z'))).to.equal('2025-10-26 02:30');
    expect(formatLastModified(new Date('2025-10-26T01:30:00Z'))).to.equal('2025-10-26 02:30');
    expect(formatLastModified(new Date('2025-12-31T23:30:00Z'))).to.equal('2026-01-01 00:30');
  });

  it('builds lower-case query parameters and drops empty ones', () => {
    expect(
      searchQuery({
        externalInvoiceReference1: 'sf-1',
        customerNumber: '',
        lastModified: new Date('2025-01-15T12:00:00Z'),
        filter: undefined,
      }),
    ).to.deep.equal({ externalinvoicereference1: 'sf-1', lastmodified: '2025-01-15 13:00' });
  });

  it('streams every page and caps the page size at 500', async () => {
    const asked: Array<[number, number]> = [];
    const pages = [[1, 2], [3, 4], [5]];
    const items: number[] = [];
    for await (const n of paginate(
      async (page, limit) => {
        asked.push([page, limit]);
        return { items: pages[page - 1] ?? [], page: { totalPages: 3, currentPage: page, totalResources: 5 } };
      },
      { limit: 10_000 },
    ))
      items.push(n);
    expect(items).to.deep.equal([1, 2, 3, 4, 5]);
    expect(asked).to.deep.equal([
      [1, MAX_PAGE_SIZE],
      [2, MAX_PAGE_SIZE],
      [3, MAX_PAGE_SIZE],
    ]);
  });

  it('stops on an empty result (Fortnox reports 0 pages, current page 1)', async () => {
    let calls = 0;
    for await (const _ of paginate(async () => {
      calls++;
      return { items: [], page: { totalPages: 0, currentPage: 1, totalResources: 0 } };
    }))
      expect.fail('no items');
    expect(calls).to.equal(1);
  });
});
