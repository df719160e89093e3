import { expect } from 'chai';
import { ore, type SaleView, salesOf, startTestEmulator, type TestEmulator } from './helpers.ts';

/** Exact sums of six-decimal strings, in micro-units. */
const micro = (s: string): bigint => {
  const m = /^(-)?(\d+)\.(\d{6})$/.exec(s);
  if (!m) throw new Error(`${s} is not a six-decimal string`);
  const v = BigInt(m[2] ?? '0') * 1_000_000n + BigInt(m[3] ?? '0');
  return m[1] ? -v : v;
};

describe('Lightspeed emulator: amounts, rounding and VAT', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator({ clockStart: '2026-06-10T12:00:00+02:00' });
  });
  afterEach(async () => {
    await t.close();
  });
  const today = async (): Promise<SaleView[]> =>
    salesOf(
      (await t.get(`/f/v2/business-location/${t.loc}/sales-daily?date=${t.emu.openDay()}&include=payments`)).json,
    );

  it('sends line amounts as six-decimal strings whose net and tax add up exactly to the gross', async () => {
    // 0.350 kg cheese at 289.90/kg = 101.465 kr: not a whole öre, kept unrounded on the line
    t.emu.ringUp({
      lines: [{ sku: '203', quantity: '0.350' }, { sku: '101' }, { sku: '301' }],
      payments: [{ method: 'CARD' }],
    });
    const [sale] = await today();
    for (const line of sale?.salesLines ?? []) {
      expect(line.totalNetAmountWithTax).to.match(/^\d+\.\d{6}$/);
      expect(line.totalNetAmountWithoutTax).to.match(/^\d+\.\d{6}$/);
      const tax = line.taxLines[0]?.taxAmount ?? '';
      expect(micro(line.totalNetAmountWithoutTax) + micro(tax)).to.equal(micro(line.totalNetAmountWithTax));
    }
    const cheese = sale?.salesLines[0];
    expect(cheese?.quantity).to.equal('0.350');
    expect(cheese?.totalNetAmountWithTax).to.equal('101.465000');
    expect(cheese?.totalNetAmountWithoutTax).to.equal('95.721698'); // 101.465 / 1.06, half-even at 6 dp
    expect(cheese?.taxLines[0]?.taxRate).to.equal('1.06');
    expect(cheese?.taxRatePercentage).to.equal('6.00');
  });

  it('rounds the bill to öre half-even: 101.465 is paid as 101.46, not 101.47', async () => {
    t.emu.ringUp({ lines: [{ sku: '203', quantity: '0.350' }], payments: [{ method: 'CARD' }] });
    const [sale] = await today();
    expect(sale?.payments?.map((p) => p.netAmountWithTax)).to.deep.equal(['101.46']);
  });

  it('splits a bill half-even (10.05 in two is 5.02 + 5.03) and rounds a 10 % tip of 100.25 to 10.02', () => {
    const odd = t.emu.ringUp({ lines: [{ sku: '104', price: '10.05' }], payments: [{ method: 'CARD', split: 2 }] });
    expect(odd.sale.payments?.map((p) => p.netAmountWithTax)).to.deep.equal(['5.02', '5.03']);
    const thirds = t.emu.ringUp({ lines: [{ sku: '104', price: '100.00' }], payments: [{ method: 'CARD', split: 3 }] });
    expect(thirds.sale.payments?.map((p) => p.netAmountWithTax)).to.deep.equal(['33.33', '33.33', '33.34']);
    const tipped = t.emu.ringUp({
      lines: [{ sku: '104', price: '100.25' }],
      payments: [{ method: 'CARD', tipPercent: 10 }],
    });
    expect(tipped.sale.payments?.[0]?.tip).to.equal('10.02'); // 10.025 → the even neighbour
  });

  it('rounds cash to whole kronor and reports the difference as roundingAmount', async () => {
    const down = t.emu.ringUp({ lines: [{ sku: '203', quantity: '0.350' }], payments: [{ method: 'CASH' }] });
    expect(down.sale.payments?.[0]).to.include({ netAmountWithTax: '101.00', roundingAmount: '-0.46' });
    const up = t.emu.ringUp({ lines: [{ sku: '104', price: '32.50' }], payments: [{ method: 'CASH' }] });
    expect(up.sale.payments?.[0]).to.include({ netAmountWithTax: '33.00', roundingAmount: '0.50' });
    const card = t.emu.ringUp({ lines: [{ sku: '104', price: '32.50' }], payments: [{ method: 'CARD' }] });
    expect(card.sale.payments?.[0]).to.include({ netAmountWithTax: '32.50', roundingAmount: '0.00' });
  });

  it('keeps a tip beside the payment: the payments still settle the bill', async () => {
    const s = t.emu.ringUp({ lines: [{ sku: '103' }, { sku: '101' }], payments: [{ method: 'CARD', tip: '20.00' }] });
    const p = s.sale.payments?.[0];
    expect(p).to.include({ netAmountWithTax: '160.00', tip: '20.00' });
  });

  it('refuses payments that do not settle the bill exactly', () => {
    expect(() => t.emu.ringUp({ lines: [{ sku: '101' }], payments: [{ method: 'CARD', amount: '30.00' }] })).to.throw(
      /do not cover the bill of 35.00/,
    );
    expect(() => t.emu.ringUp({ lines: [{ sku: '101' }], payments: [{ method: 'CARD', amount: '40.00' }] })).to.throw(
      /exceed/,
    );
  });

  it('balances a mixed day to the öre: Σ payments − Σ rounding = Σ bills', async () => {
    const baskets = [
      { lines: [{ sku: '203', quantity: '0.275' }, { sku: '302' }], payments: [{ method: 'CASH' }] },
      {
        lines: [{ sku: '201' }, { sku: '102', quantity: 3 }],
        payments: [{ method: 'SWISH', amount: '50.00' }, { method: 'CASH' }],
      },
      { lines: [{ sku: '401' }, { sku: '202' }], payments: [{ method: 'CARD', tip: '5.00' }] },
    ];
    for (const b of baskets) t.emu.ringUp(b);
    const sales = await today();
    for (const s of sales) {
      const bill = Math.round(Number(s.salesLines.reduce((a, l) => a + micro(l.totalNetAmountWithTax), 0n)) / 10_000);
      const paid = (s.payments ?? []).reduce((a, p) => a + ore(p.netAmountWithTax) - ore(p.roundingAmount), 0);
      expect(paid).to.equal(bill);
    }
  });
});

describe('Lightspeed emulator: food VAT 6 % from 1 April 2026', () => {
  it('charges 12 % on food to take away on 31 March and 6 % from 1 April; served food stays 12 %', async () => {
    const t = await startTestEmulator({ clockStart: '2026-03-31T12:00:00+02:00' });
    try {
      const before = t.emu.ringUp({ lines: [{ sku: '201' }, { sku: '102' }], payments: [{ method: 'CARD' }] });
      t.emu.closeDay();
      t.emu.advanceClock(24 * 3600_000);
      const after = t.emu.ringUp({ lines: [{ sku: '201' }, { sku: '102' }], payments: [{ method: 'CARD' }] });
      expect(before.businessDate).to.equal('2026-03-31');
      expect(after.businessDate).to.equal('2026-04-01');
      expect(before.sale.salesLines.map((l) => l.taxCode)).to.deep.equal(['VAT12', 'VAT12']);
      expect(after.sale.salesLines.map((l) => l.taxCode)).to.deep.equal(['VAT6', 'VAT12']);
      const rates = (await t.get(`/f/finance/${t.loc}/tax-rates`)).json;
      expect(JSON.stringify(rates)).to.contain('"code":"VAT6"').and.contain('"rate":1.06');
    } finally {
      await t.close();
    }
  });
});
