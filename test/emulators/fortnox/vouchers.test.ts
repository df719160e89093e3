import { expect } from 'chai';
import { at, startTestEmulator, type TestEmulator } from './helpers.ts';

/** Vouchers as a bookkeeper meets them: years, series, locked period, balance [reference §4.6]. */
describe('Fortnox emulator: vouchers', () => {
  let t: TestEmulator;
  const year = new Date().getUTCFullYear();
  const date = `${year}-03-14`;
  const body = (over: Record<string, unknown> = {}, rows?: unknown[]) => ({
    Voucher: {
      Description: 'Z 1-7',
      TransactionDate: date,
      VoucherSeries: 'A',
      VoucherRows: rows ?? [
        { Account: 1910, Debit: 125, Credit: 0 },
        { Account: 3001, Debit: 0, Credit: 100, CostCenter: 'S1', TransactionInformation: 'sales 25%' },
        { Account: 2611, Debit: 0, Credit: 25 },
      ],
      ...over,
    },
  });

  before(async () => {
    t = await startTestEmulator();
    t.emu.tenant(1001).costcenters.put('S1', { Code: 'S1', Description: 'Södermalm', Note: null, Active: true }, 0);
  });
  after(() => t.close());

  it('finds the financial year of a date and posts into it, numbering per series and year', async () => {
    const years = await t.api('GET', `/3/financialyears?date=${date}`);
    const id = at(years.json, 'FinancialYears', 0, 'Id');
    expect(at(years.json, 'FinancialYears', 0, 'FromDate')).to.equal(`${year}-01-01`);
    const first = await t.api('POST', `/3/vouchers?financialyear=${String(id)}`, body());
    expect(first.status).to.equal(201);
    expect(at(first.json, 'Voucher', 'Year')).to.equal(id);
    expect(at(first.json, 'Voucher', 'VoucherRows', 1, 'CostCenter')).to.equal('S1');
    expect(at(first.json, 'Voucher', 'VoucherRows', 1, 'TransactionInformation')).to.equal('sales 25%');
    const lastYear = await t.api('POST', '/3/vouchers', body({ TransactionDate: `${year - 1}-12-31` }));
    expect(at(lastYear.json, 'Voucher', 'VoucherNumber')).to.equal(1); // numbers restart per year
    const list = await t.api('GET', `/3/vouchers/sublist/A?financialyear=${String(id)}`);
    expect(at(list.json, 'Vouchers', 0, 'Description')).to.equal('Z 1-7');
    const series = await t.api('GET', `/3/voucherseries/A?financialyear=${String(id)}`);
    expect(at(series.json, 'VoucherSeries', 'Manual')).to.equal(true);
    expect(at(series.json, 'VoucherSeries', 'NextVoucherNumber')).to.equal(2);
  });

  it('shows manual vouchers and their rows on the finance page', async () => {
    const page = await (await fetch(`${t.emu.url}/`)).text();
    expect(page).to.contain('Verifikationer').and.contain('Z 1-7').and.contain('sales 25%');
  });

  it('refuses what a bookkeeper could not enter: no year, locked period, automatic series, unbalanced', async () => {
    const noYear = await t.api('POST', '/3/vouchers', body({ TransactionDate: `${year - 5}-01-02` }));
    expect([noYear.status, at(noYear.json, 'ErrorInformation', 'code')]).to.deep.equal([400, 2999019]);
    t.emu.tenant(1001).books.lockedThrough = `${year}-01-31`;
    const locked = await t.api('GET', '/3/settings/lockedperiod');
    expect(at(locked.json, 'LockedPeriod', 'EndDate')).to.equal(`${year}-01-31`);
    const inLocked = await t.api('POST', '/3/vouchers', body({ TransactionDate: `${year}-01-31` }));
    expect(at(inLocked.json, 'ErrorInformation', 'code')).to.equal(2999020);
    t.emu.tenant(1001).books.lockedThrough = null;
    const auto = await t.api('POST', '/3/vouchers', body({ VoucherSeries: 'B' }));
    expect(at(auto.json, 'ErrorInformation', 'code')).to.equal(2999022);
    const unbalanced = await t.api(
      'POST',
      '/3/vouchers',
      body({}, [
        { Account: 1910, Debit: 100.01, Credit: 0 },
        { Account: 3001, Debit: 0, Credit: 100 },
      ]),
    );
    expect(at(unbalanced.json, 'ErrorInformation', 'code')).to.equal(2999016);
  });

  it('refuses an inactive account and an unknown cost centre', async () => {
    t.emu.tenant(1001).accounts.get('3740')!.Active = false;
    const inactive = await t.api(
      'POST',
      '/3/vouchers',
      body({}, [
        { Account: 1910, Debit: 1, Credit: 0 },
        { Account: 3740, Debit: 0, Credit: 1 },
      ]),
    );
    expect(at(inactive.json, 'ErrorInformation', 'code')).to.equal(2000550);
    t.emu.tenant(1001).accounts.get('3740')!.Active = true;
    const cc = await t.api(
      'POST',
      '/3/vouchers',
      body({}, [
        { Account: 1910, Debit: 1, Credit: 0, CostCenter: 'NOPE' },
        { Account: 3740, Debit: 0, Credit: 1 },
      ]),
    );
    expect(at(cc.json, 'ErrorInformation', 'code')).to.equal(2999023);
  });
});
