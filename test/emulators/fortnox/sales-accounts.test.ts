import { expect } from 'chai';
import type { FortnoxEmulatorOptions } from '../../../emulators/fortnox/index.ts';
import { at, startTestEmulator, type TestEmulator } from './helpers.ts';

type Row = Record<string, unknown>;

describe('Fortnox emulator: sales accounts for Swedish, EU and export sales', () => {
  let t: TestEmulator;
  const start = async (opts: FortnoxEmulatorOptions = {}): Promise<void> => {
    t = await startTestEmulator({ rateLimit: { enabled: false }, ...opts });
    const customers = [
      { Name: 'Svensk AB', CountryCode: 'SE' },
      { Name: 'Deutsche GmbH', CountryCode: 'DE', VATType: 'EUREVERSEDVAT', VATNumber: 'DE123456789' },
      { Name: 'Norsk AS', CountryCode: 'NO', VATType: 'EXPORT' },
      { Name: 'Konsument i Frankrike', CountryCode: 'FR', VATType: 'EUVAT', Type: 'PRIVATE' },
    ];
    for (const Customer of customers) await t.api('POST', '/3/customers', { Customer });
    await t.api('POST', '/3/articles', { Article: { ArticleNumber: 'BOX', Description: 'Låda', Type: 'STOCK' } });
    await t.api('POST', '/3/articles', { Article: { ArticleNumber: 'HOUR', Description: 'Konsult', Type: 'SERVICE' } });
  };
  afterEach(async () => {
    await t.close();
  });

  /** Creates an invoice for customer `n` and answers its rows (or the error). */
  const rowsFor = async (customer: string, rows: Row[], extra: Row = {}): Promise<Row[]> => {
    const a = await t.api('POST', '/3/invoices', {
      Invoice: { CustomerNumber: customer, InvoiceRows: rows, ...extra },
    });
    expect(a.status, a.text).to.equal(201);
    return at(a.json, 'Invoice', 'InvoiceRows') as Row[];
  };
  const accountOf = async (customer: string, row: Row): Promise<unknown> =>
    (await rowsFor(customer, [{ DeliveredQuantity: 1, Price: 100, ...row }]))[0]?.AccountNumber;

  it('gives article rows the article account of the customer VAT type, goods or services', async () => {
    await start();
    expect(await accountOf('1', { ArticleNumber: 'BOX' })).to.equal(3001);
    expect(await accountOf('2', { ArticleNumber: 'BOX' })).to.equal(3108);
    expect(await accountOf('2', { ArticleNumber: 'HOUR' })).to.equal(3308);
    expect(await accountOf('3', { ArticleNumber: 'BOX' })).to.equal(3105);
    expect(await accountOf('3', { ArticleNumber: 'HOUR' })).to.equal(3305);
    const eu = (await rowsFor('4', [{ ArticleNumber: 'BOX', DeliveredQuantity: 1 }]))[0];
    expect(eu).to.include({ AccountNumber: 3106, VAT: 25 });
    const reverse = (await rowsFor('2', [{ ArticleNumber: 'BOX', DeliveredQuantity: 1, Price: 10 }]))[0];
    expect(reverse).to.include({ VAT: 0 });
  });

  it('gives rows without an article the predefined account of the VAT type (and rate)', async () => {
    await start();
    expect(await accountOf('1', { Description: 'Avgift' })).to.equal(3001);
    expect(await accountOf('1', { Description: 'Bok', VAT: 6 })).to.equal(3003);
    expect(await accountOf('2', { Description: 'Avgift' })).to.equal(3108);
    expect(await accountOf('3', { Description: 'Avgift' })).to.equal(3105);
  });

  it('keeps an explicit AccountNumber and refuses one outside the chart or inactive', async () => {
    await start();
    expect(await accountOf('2', { ArticleNumber: 'BOX', AccountNumber: 3004 })).to.equal(3004);
    const missing = await t.api('POST', '/3/invoices', {
      Invoice: { CustomerNumber: '2', InvoiceRows: [{ Description: 'x', AccountNumber: 3999 }] },
    });
    expect(missing.status).to.equal(400);
    expect(at(missing.json, 'ErrorInformation', 'code')).to.equal(2001304);
    await t.api('PUT', '/3/accounts/3002', { Account: { Active: false } });
    const inactive = await t.api('POST', '/3/invoices', {
      Invoice: { CustomerNumber: '1', InvoiceRows: [{ Description: 'x', AccountNumber: 3002 }] },
    });
    expect(at(inactive.json, 'ErrorInformation', 'code')).to.equal(2000550);
  });

  it('books the voucher on the rows’ own accounts, the predefined VAT and receivables accounts', async () => {
    await start();
    const made = await t.api('POST', '/3/invoices', {
      Invoice: {
        CustomerNumber: '2',
        InvoiceRows: [
          { ArticleNumber: 'BOX', DeliveredQuantity: 2, Price: 500 },
          { ArticleNumber: 'HOUR', DeliveredQuantity: 1, Price: 800 },
        ],
      },
    });
    const n = String(at(made.json, 'Invoice', 'DocumentNumber'));
    const booked = await t.api('PUT', `/3/invoices/${n}/bookkeep`);
    const series = String(at(booked.json, 'Invoice', 'VoucherSeries'));
    const number = String(at(booked.json, 'Invoice', 'VoucherNumber'));
    const voucher = await t.api('GET', `/3/vouchers/${series}/${number}`);
    const lines = (at(voucher.json, 'Voucher', 'VoucherRows') as Row[]).map((r) => [r.Account, r.Debit, r.Credit]);
    expect(lines).to.deep.equal([
      [1510, 1800, 0],
      [3108, 0, 1000],
      [3308, 0, 800],
    ]);
    const domestic = await t.api('POST', '/3/invoices', {
      Invoice: { CustomerNumber: '1', InvoiceRows: [{ ArticleNumber: 'BOX', DeliveredQuantity: 1, Price: 100 }] },
    });
    const d = await t.api('PUT', `/3/invoices/${String(at(domestic.json, 'Invoice', 'DocumentNumber'))}/bookkeep`);
    const dv = await t.api('GET', `/3/vouchers/B/${String(at(d.json, 'Invoice', 'VoucherNumber'))}`);
    const accounts = (at(dv.json, 'Voucher', 'VoucherRows') as Row[]).map((r) => r.Account);
    expect(accounts).to.deep.equal([1510, 3001, 2611]);
  });

  it('serves /3/predefinedaccounts and uses a changed account on the next row', async () => {
    await start();
    const list = at((await t.api('GET', '/3/predefinedaccounts')).json, 'PreDefinedAccounts') as Row[];
    expect(list.find((p) => p.Name === 'SALESEXPORT2')).to.include({ Account: 3305 });
    expect(at((await t.api('GET', '/3/predefinedaccounts/SALESEUREV')).json, 'PreDefinedAccount')).to.include({
      Name: 'SALESEUREV',
      Account: 3108,
    });
    const put = await t.api('PUT', '/3/predefinedaccounts/SALESEUREV', { PreDefinedAccount: { Account: 3308 } });
    expect(at(put.json, 'PreDefinedAccount', 'Account')).to.equal(3308);
    expect(await accountOf('2', { Description: 'Frakt' })).to.equal(3308);
    const refusals: Array<[string, unknown, number]> = [
      ['SALESEUREV', 3999, 2001265],
      ['SALESEUREV', 310, 2002462],
      ['SALES_25_SE', 3002, 2004052],
    ];
    for (const [name, Account, code] of refusals) {
      const a = await t.api('PUT', `/3/predefinedaccounts/${name}`, { PreDefinedAccount: { Account } });
      expect([a.status, at(a.json, 'ErrorInformation', 'code')]).to.deep.equal([400, code]);
    }
    const unknown = await t.api('GET', '/3/predefinedaccounts/NOPE');
    expect([unknown.status, at(unknown.json, 'ErrorInformation', 'Code')]).to.deep.equal([404, 2001403]);
  });

  it('defaults articles to the predefined accounts of their type', async () => {
    await start();
    expect(at((await t.api('GET', '/3/articles/BOX')).json, 'Article')).to.include({
      SalesAccount: 3001,
      EUAccount: 3108,
      EUVATAccount: 3106,
      ExportAccount: 3105,
    });
    expect(at((await t.api('GET', '/3/articles/HOUR')).json, 'Article')).to.include({
      EUAccount: 3308,
      ExportAccount: 3305,
    });
  });

  it('can treat service articles like goods (quirks.serviceArticleAccounts)', async () => {
    await start({ quirks: { serviceArticleAccounts: 'goods' } });
    expect(await accountOf('2', { ArticleNumber: 'HOUR' })).to.equal(3108);
  });

  it('puts the customer’s own SalesAccount first, unless quirks.customerSalesAccount is "ignored"', async () => {
    await start();
    await t.api('PUT', '/3/customers/4', { Customer: { SalesAccount: '3002' } });
    expect(await accountOf('4', { ArticleNumber: 'BOX' })).to.equal(3002);
    await t.close();
    await start({ quirks: { customerSalesAccount: 'ignored' } });
    await t.api('PUT', '/3/customers/4', { Customer: { SalesAccount: '3002' } });
    expect(await accountOf('4', { ArticleNumber: 'BOX' })).to.equal(3106);
  });

  it('accepts and keeps EUQuarterlyReport, and never sets it by itself by default', async () => {
    await start();
    const a = await t.api('POST', '/3/invoices', { Invoice: { CustomerNumber: '2', EUQuarterlyReport: true } });
    const n = String(at(a.json, 'Invoice', 'DocumentNumber'));
    expect(at((await t.api('GET', `/3/invoices/${n}`)).json, 'Invoice', 'EUQuarterlyReport')).to.equal(true);
    await t.api('PUT', `/3/invoices/${n}`, { Invoice: { EUQuarterlyReport: false } });
    expect(at((await t.api('GET', `/3/invoices/${n}`)).json, 'Invoice', 'EUQuarterlyReport')).to.equal(false);
    const plain = await t.api('POST', '/3/invoices', { Invoice: { CustomerNumber: '2' } });
    expect(at(plain.json, 'Invoice', 'EUQuarterlyReport')).to.equal(false);
    await t.close();
    await start({ quirks: { euQuarterlyReport: 'eu-reverse-charge' } });
    const flagged = await t.api('POST', '/3/invoices', { Invoice: { CustomerNumber: '2' } });
    expect(at(flagged.json, 'Invoice', 'EUQuarterlyReport')).to.equal(true);
  });
});
