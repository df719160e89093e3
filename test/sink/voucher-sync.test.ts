import { expect } from 'chai';
import { findRecord } from '../../src/db/sync-records.repo.ts';
import { syncVoucher } from '../../src/sink/voucher-sync.ts';
import { TENANT } from '../fortnox/helpers/harness.ts';
import { DAY, dayRef, row, startVoucherWorld, type VoucherWorld, voucherOf, YEAR } from './voucher-helpers.ts';

type Rec = Record<string, unknown>;
const rowsOf = (v: Rec) =>
  (v.VoucherRows as Rec[]).map((r) => [r.Account, r.Debit, r.Credit, r.CostCenter, r.TransactionInformation]);

/** The voucher sink against the Fortnox emulator over real HTTP and real Postgres. */
describe('voucher sink', function () {
  this.timeout(60_000);
  let w: VoucherWorld;
  before(async () => {
    w = await startVoucherWorld();
    w.h.emu.tenant(Number(TENANT)).costcenters.put('CAFE', { Code: 'CAFE', Description: 'Café', Active: true }, 0);
  });
  after(() => w.close());

  it('posts a day of many lines balanced to the öre, once, with its key in Comments', async () => {
    const source = dayRef();
    // 37 card sales of 12.34 incl. 25 % VAT: summed unrounded, rounded once per account by the source.
    const rows = [
      row(1580, 45_658, 0, { text: 'Kort' }),
      ...Array.from({ length: 37 }, () => row(3001, 0, 987, { costCenter: 'CAFE' })),
      row(2611, 0, 9139),
    ];
    const voucher = voucherOf(source, rows);
    const record = await syncVoucher(w.ctx(), voucher);
    expect(record.state).to.equal('booked');
    const posted = w.vouchers().filter((v) => String(v.Comments).startsWith(`fortnox-sync ${voucher.key}`));
    expect(posted).to.have.length(1);
    expect(posted[0]!.TransactionDate).to.equal(DAY);
    expect(posted[0]!.VoucherSeries).to.equal('A');
    expect(rowsOf(posted[0]!)).to.have.length(39);
    expect(record.fortnoxNumber).to.equal(`A ${String(posted[0]!.VoucherNumber)}`);
    // The console lists the day with its key and turnover (the debit side), as the source has them.
    const facts = await w
      .ctx()
      .pool.query<{ source_number: string; source_total: string; source_currency: string }>(
        'SELECT source_number, source_total, source_currency FROM sync_records WHERE id = $1',
        [record.id],
      );
    expect(facts.rows[0]).to.deep.equal({ source_number: voucher.key, source_total: '456.58', source_currency: 'SEK' });
    // The same day read again (a repeated poll) posts nothing.
    const before = w.vouchers().length;
    const again = await syncVoucher(w.ctx(), voucher);
    expect(again.state).to.equal('booked');
    expect(w.vouchers()).to.have.length(before);
  });

  it('books an öre residual within the tolerance on 3740, and holds a larger one for review', async () => {
    const small = voucherOf(dayRef(), [row(1910, 10_000, 0), row(3001, 0, 7_999), row(2611, 0, 2_000)]);
    const record = await syncVoucher(w.ctx(), small);
    expect(record.state).to.equal('booked');
    const posted = w.vouchers().find((v) => String(v.Comments).startsWith(`fortnox-sync ${small.key}`))!;
    expect(rowsOf(posted)).to.deep.include([3740, 0, 0.01, '', 'Öres- och kronutjämning']);

    const big = voucherOf(dayRef(), [row(1910, 10_000, 0), row(3001, 0, 7_000), row(2611, 0, 2_000)]);
    const count = w.vouchers().length;
    const held = await syncVoucher(w.ctx(), big);
    expect(held.state).to.equal('needs_attention');
    expect(held.errorCode).to.equal('voucher_unbalanced');
    expect(held.errorMessage).to.contain('a difference of 10.00 SEK — more than the 1.00 SEK');
    expect(w.vouchers()).to.have.length(count);
    // Raising the tolerance (a person's decision) and retrying posts it.
    const fixed = await syncVoucher(w.ctx({ voucherTolerance: 10 }), big);
    expect(fixed.state).to.equal('booked');
  });

  it('refuses a date outside every financial year and in the locked period, plainly, and posts once fixed', async () => {
    const old = voucherOf(dayRef(), [row(1910, 100, 0), row(3001, 0, 100)], { date: `${YEAR - 4}-05-05` });
    const held = await syncVoucher(w.ctx(), old);
    expect(held.errorCode).to.equal('voucher_no_financial_year');
    expect(held.errorMessage).to.contain(`Fortnox has no financial year for ${YEAR - 4}-05-05`);
    w.h.emu.tenant(Number(TENANT)).books.addCalendarYear(YEAR - 4);
    expect((await syncVoucher(w.ctx(), old)).state).to.equal('booked');

    const books = w.h.emu.tenant(Number(TENANT)).books;
    books.lockedThrough = `${YEAR}-06-30`;
    const locked = voucherOf(dayRef(), [row(1910, 100, 0), row(3001, 0, 100)]);
    const refused = await syncVoucher(w.ctx(), locked);
    expect(refused.errorCode).to.equal('voucher_locked_period');
    expect(refused.errorMessage).to.contain(`locked through ${YEAR}-06-30`);
    books.lockedThrough = null;
    expect((await syncVoucher(w.ctx(), locked)).state).to.equal('booked');
  });

  it('names every missing or inactive account, cost centre and a series without manual entry', async () => {
    const t = w.h.emu.tenant(Number(TENANT));
    t.accounts.get('3002')!.Active = false;
    const day = voucherOf(dayRef(), [row(1910, 100, 0, { costCenter: 'NOPE' }), row(3002, 0, 50), row(3999, 0, 50)]);
    const held = await syncVoucher(w.ctx({ voucherSeries: 'B' }), day);
    expect(held.errorCode).to.equal('preflight_failed');
    for (const text of [
      'Voucher series “B” does not allow manual entry',
      'Account 3002 is inactive',
      'Account 3999 is not in the Fortnox chart',
      'Cost centre “NOPE” does not exist',
    ])
      expect(held.errorMessage).to.contain(text);
    t.accounts.get('3002')!.Active = true;
  });

  it('adopts the voucher Fortnox stored when the answer was lost, instead of posting twice', async () => {
    const day = voucherOf(dayRef(), [row(1930, 5_000, 0), row(3001, 0, 4_000), row(2611, 0, 1_000)]);
    w.h.emu.injectFault({ kind: 'commit-then-fail', then: 'drop', method: 'POST', pathPrefix: '/3/vouchers' });
    let failed: unknown;
    await syncVoucher(w.ctx(), day).catch((error: unknown) => {
      failed = error;
    });
    expect(failed).to.be.an('error');
    const key = { source: day.source, tenantId: TENANT, kind: 'voucher' as const };
    expect((await findRecord(w.h.db.pool, key))!.state).to.equal('creating');
    const record = await syncVoucher(w.ctx(), day);
    expect(record.state).to.equal('booked');
    expect(w.vouchers().filter((v) => String(v.Comments).startsWith(`fortnox-sync ${day.key}\n`))).to.have.length(1);
  });

  it('turns a corrected day into a reversing voucher plus a new one, both keyed', async () => {
    const source = dayRef();
    const first = voucherOf(source, [row(1910, 12_500, 0), row(3001, 0, 10_000), row(2611, 0, 2_500)]);
    const posted = await syncVoucher(w.ctx(), first);
    const corrected = voucherOf(source, [row(1910, 25_000, 0), row(3001, 0, 20_000), row(2611, 0, 5_000)]);
    const record = await syncVoucher(w.ctx(), corrected);
    expect(record.state).to.equal('booked');
    const mine = w.vouchers().filter((v) => String(v.Comments).startsWith(`fortnox-sync ${first.key}`));
    expect(mine.map((v) => String(v.Comments).split('\n')[0])).to.deep.equal([
      `fortnox-sync ${first.key}`,
      `fortnox-sync ${first.key}#rev`,
      `fortnox-sync ${first.key}#1`,
    ]);
    expect(rowsOf(mine[1]!).map((r) => r.slice(0, 3))).to.deep.equal([
      [1910, 0, 125],
      [3001, 100, 0],
      [2611, 25, 0],
    ]);
    expect(record.fortnoxNumber).to.not.equal(posted.fortnoxNumber);
    expect(record.flags.reversed).to.deep.equal([
      `${posted.fortnoxNumber} reversed by A ${String(mine[1]!.VoucherNumber)}`,
    ]);
    // Read again: nothing more.
    await syncVoucher(w.ctx(), corrected);
    expect(w.vouchers().filter((v) => String(v.Comments).startsWith(`fortnox-sync ${first.key}`))).to.have.length(3);
  });

  it('costs about one Fortnox request per day once the year’s frame is known', async () => {
    await syncVoucher(w.ctx(), voucherOf(dayRef(), [row(1910, 100, 0), row(3001, 0, 80), row(2611, 0, 20)]));
    w.h.emu.resetStats();
    const days = 20;
    for (let d = 1; d <= days; d++) {
      const date = `${YEAR}-05-${String(d).padStart(2, '0')}`;
      await syncVoucher(
        w.ctx(),
        voucherOf(dayRef(), [row(1910, 100 * d, 0), row(3001, 0, 80 * d), row(2611, 0, 20 * d)], { date }),
      );
    }
    const requests = (w.h.emu.totalStats() as { requests: number }).requests;
    expect(requests / days).to.be.at.most(1.1);
  });

  it('refuses a second input for a location and day, naming the one that has it', async () => {
    const rows = [row(1910, 100, 0), row(3001, 0, 100)];
    const pos = voucherOf(dayRef('lightspeed', 'cafe'), rows, { location: 'cafe', date: `${YEAR}-07-01` });
    expect((await syncVoucher(w.ctx(), pos)).state).to.equal('booked');
    const sie = voucherOf(dayRef('sie', 'cafe-files'), rows, { location: 'cafe', date: `${YEAR}-07-01` });
    const refused = await syncVoucher(w.ctx(), sie);
    expect(refused.errorCode).to.equal('voucher_other_input');
    expect(refused.errorMessage).to.contain('already booked from another input (lightspeed, connection “cafe”)');
  });
});
