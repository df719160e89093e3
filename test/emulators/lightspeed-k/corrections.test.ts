import { expect } from 'chai';
import { type SaleView, salesOf, startTestEmulator, type TestEmulator } from './helpers.ts';

const DAY = 24 * 3600_000;
const LUNCH_AND_BEER = { lines: [{ sku: '103' }, { sku: '301', quantity: 2 }], payments: [{ method: 'CARD' }] };

describe('Lightspeed emulator: returns, sales on account and corrections of a closed day', () => {
  let t: TestEmulator;
  const start = async (correctionsDatedTo: 'performed' | 'original') => {
    t = await startTestEmulator({ clockStart: '2026-06-10T12:00:00+02:00', quirks: { correctionsDatedTo } });
  };
  afterEach(async () => {
    await t.close();
  });
  const day = async (date: string): Promise<SaleView[]> =>
    salesOf((await t.get(`/f/v2/business-location/${t.loc}/sales-daily?date=${date}&include=payments,consumer`)).json);

  it('takes part of a sale back as a REFUND linked to it, with negative amounts, on the same open day', async () => {
    await start('performed');
    const sale = t.emu.ringUp(LUNCH_AND_BEER);
    const back = t.emu.refund({ sale: sale.sale.accountFiscId, lines: [{ sku: '301', quantity: 1 }] });
    expect(back.businessDate).to.equal('2026-06-10');
    const [, refund] = await day('2026-06-10');
    expect(refund?.type).to.equal('REFUND');
    expect(refund?.source).to.deep.equal({
      initialAccountId: sale.sale.accountFiscId,
      previousAccountId: sale.sale.accountFiscId,
    });
    expect(refund?.salesLines.map((l) => [l.sku, l.quantity, l.totalNetAmountWithTax])).to.deep.equal([
      ['301', '-1.000', '-69.000000'],
    ]);
    expect(refund?.payments?.map((p) => [p.code, p.netAmountWithTax])).to.deep.equal([['CARD', '-69.00']]);
    t.emu.refund({ sale: sale.sale.accountFiscId, lines: [{ sku: '301', quantity: 1 }] });
    expect(() => t.emu.refund({ sale: sale.sale.accountFiscId, lines: [{ sku: '301', quantity: 1 }] })).to.throw(
      /no more of sku 301/,
    );
  });

  it('records a sale on account with the customer named, and refuses one without a customer', async () => {
    await start('performed');
    expect(() => t.emu.ringUp({ lines: [{ sku: '103' }], payments: [{ method: 'INVOICE' }] })).to.throw(
      /needs a customer/,
    );
    t.emu.ringUp({
      lines: [{ sku: '103', quantity: 4 }],
      payments: [{ method: 'INVOICE', customer: { companyName: 'Lind Konsult AB', taxIdentifier: '556677-8899' } }],
    });
    const [sale] = await day('2026-06-10');
    expect(sale?.payments?.[0]).to.deep.include({
      type: 'ACCOUNTS_RECEIVABLE',
      netAmountWithTax: '500.00',
      roundingAmount: '0.00',
    });
    expect(sale?.payments?.[0]?.consumer?.companyName).to.equal('Lind Konsult AB');
  });

  it('performed dating (V2): a correction to a complete day lands on today and the closed day stays as it was', async () => {
    await start('performed');
    const sale = t.emu.ringUp(LUNCH_AND_BEER);
    t.emu.closeDay();
    t.emu.advanceClock(DAY);
    const before = JSON.stringify(await day('2026-06-10'));
    const fix = t.emu.correct({ kind: 'change-payment', sale: sale.sale.accountFiscId, from: 'CARD', to: 'CASH' });
    expect(fix.businessDate).to.equal('2026-06-11');
    expect(JSON.stringify(await day('2026-06-10'))).to.equal(before);
    const [update] = await day('2026-06-11');
    expect(update?.type).to.equal('UPDATE');
    expect(update?.source.previousAccountId).to.equal(sale.sale.accountFiscId);
    expect(update?.payments?.map((p) => [p.code, p.netAmountWithTax])).to.deep.equal([
      ['CARD', '-263.00'],
      ['CASH', '263.00'],
    ]);
  });

  it('original dating: the complete day itself changes, and the day book counts a late change', async () => {
    await start('original');
    const sale = t.emu.ringUp(LUNCH_AND_BEER);
    const coffee = t.emu.ringUp({ lines: [{ sku: '101' }], payments: [{ method: 'CASH' }] });
    t.emu.closeDay();
    t.emu.advanceClock(DAY);
    expect(t.emu.day(t.loc, '2026-06-10').dataComplete).to.equal(true);
    const change = t.emu.waitFor('correction');
    const refund = t.emu.refund({ sale: sale.sale.accountFiscId, lines: [{ sku: '103' }] });
    expect(refund.businessDate).to.equal('2026-06-10');
    expect((await change).lateChange).to.equal(true);
    const sales = await day('2026-06-10');
    expect(sales.map((s) => s.type)).to.deep.equal(['SALE', 'SALE', 'REFUND']);
    expect(t.emu.day(t.loc, '2026-06-10').lateChanges).to.equal(1);
    expect(() => t.emu.correct({ kind: 'cancel', sale: sale.sale.accountFiscId })).to.throw(/partly refunded/);
    t.emu.correct({ kind: 'cancel', sale: coffee.sale.accountFiscId, reason: 'Fel kund' });
    expect((await day('2026-06-10')).map((s) => s.cancelled)).to.deep.equal([false, true, false]);
    expect(await day('2026-06-11')).to.deep.equal([]);
  });

  it('cancels a sale on a closed day as a CANCEL sale that negates every line and payment (performed dating)', async () => {
    await start('performed');
    const sale = t.emu.ringUp(LUNCH_AND_BEER);
    t.emu.closeDay();
    t.emu.correct({ kind: 'cancel', sale: sale.sale.accountFiscId });
    const [cancel] = await day('2026-06-11');
    expect(cancel?.type).to.equal('CANCEL');
    expect(cancel?.salesLines.map((l) => l.totalNetAmountWithTax)).to.deep.equal(['-125.000000', '-138.000000']);
    expect(cancel?.payments?.map((p) => p.netAmountWithTax)).to.deep.equal(['-263.00']);
  });
});
