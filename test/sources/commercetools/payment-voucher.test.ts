import type { Order, Payment, Transaction } from '@commercetools/platform-sdk';
import { expect } from 'chai';
import { paymentVoucher, prorate } from '../../../src/sources/commercetools/payment-voucher.ts';
import { commercetoolsSettingsSchema } from '../../../src/sources/commercetools/settings.ts';

/**
 * The voucher of one payment event, without any server: the split over VAT rates always balances to
 * the öre, a 0 % line books no VAT, and what cannot be booked says what to change.
 */
const settings = commercetoolsSettingsSchema.parse({ bookkeeping: 'voucher' });
const ref = { system: 'commercetools', connection: 'shop', object: 'transaction', id: 'tx-1' };
const money = (centAmount: number, currencyCode = 'SEK') => ({
  type: 'centPrecision' as const,
  centAmount,
  currencyCode,
  fractionDigits: 2,
});
const line = (gross: number, net: number, rate: number) => ({
  id: `l${gross}`,
  quantity: 1,
  totalPrice: money(gross),
  taxRate: { name: `${rate}`, amount: rate, includedInPrice: true, country: 'SE' },
  taxedPrice: { totalGross: money(gross), totalNet: money(net) },
  variant: {},
});
const order = (lines: ReturnType<typeof line>[]) =>
  ({ id: 'o1', orderNumber: '1042', lineItems: lines, customLineItems: [], returnInfo: [] }) as unknown as Order;
const payment = (iface: string) =>
  ({
    id: 'p1',
    lastModifiedAt: '2026-06-15T10:00:00Z',
    paymentMethodInfo: { paymentInterface: iface, method: 'CARD' },
  }) as Payment;
const tx = (cents: number, type: 'Charge' | 'Refund' = 'Charge', currency = 'SEK') =>
  ({
    id: 'tx-1',
    type,
    state: 'Success',
    amount: money(cents, currency),
    timestamp: '2026-06-15T10:00:00Z',
  }) as Transaction;

describe('commercetools payment event → voucher rows', () => {
  it('prorates to exactly the target, largest remainder first', () => {
    const parts = [784_000n, 196_000n, 7_946n, 954n];
    for (const target of [1, 3, 10_000, 988_899, 988_900, 1_234_567]) {
      const out = prorate(parts, target);
      expect(out.reduce((s, x) => s + x, 0n)).to.equal(BigInt(target));
      expect(out.every((x) => x >= 0n)).to.equal(true);
    }
    expect(prorate(parts, 988_900)).to.deep.equal(parts);
  });

  it('a partial capture over 25 %, 12 % and 0 % lines balances, with no VAT row for 0 %', () => {
    const read = paymentVoucher(
      ref,
      settings,
      payment('STRIPE'),
      tx(12_345),
      order([line(10_000, 8_000, 0.25), line(1_120, 1_000, 0.12), line(500, 500, 0)]),
    );
    if (read.kind !== 'voucher') throw new Error(read.message);
    const rows = read.voucher.rows;
    expect(rows.reduce((s, r) => s + r.debitOre, 0)).to.equal(12_345);
    expect(rows.reduce((s, r) => s + r.creditOre, 0)).to.equal(12_345);
    expect(rows.map((r) => r.account)).to.deep.equal([1580, 3001, 2611, 3002, 2621, 3004]);
    expect(read.voucher).to.deep.include({ date: '2026-06-15', key: 'commercetools:shop:tx-1' });
  });

  it('a refund is the mirror: sales and VAT debited, the clearing account credited', () => {
    const read = paymentVoucher(
      ref,
      settings,
      payment('STRIPE'),
      tx(1_120, 'Refund'),
      order([line(1_120, 1_000, 0.12)]),
    );
    if (read.kind !== 'voucher') throw new Error(read.message);
    expect(read.voucher.rows.map((r) => [r.account, r.debitOre, r.creditOre])).to.deep.equal([
      [1580, 0, 1_120],
      [3002, 1_000, 0],
      [2621, 120, 0],
    ]);
  });

  it('says what to change: an unmapped provider, another currency, a rate without an account', () => {
    const only = { ...settings, clearingAccounts: ['STRIPE=1580'] };
    const provider = paymentVoucher(ref, only, payment('KLARNA'), tx(1_000), order([line(1_000, 800, 0.25)]));
    expect(provider).to.deep.include({ kind: 'blocked', code: 'clearing_unmapped' });
    expect((provider as { message: string }).message).to.contain('Add KLARNA=ACCOUNT');
    const eur = paymentVoucher(
      ref,
      settings,
      payment('STRIPE'),
      tx(1_000, 'Charge', 'EUR'),
      order([line(1_000, 800, 0.25)]),
    );
    expect(eur).to.deep.include({ kind: 'blocked', code: 'voucher_currency' });
    const seven = paymentVoucher(ref, settings, payment('STRIPE'), tx(1_070), order([line(1_070, 1_000, 0.07)]));
    expect((seven as { message: string }).message).to.contain('No sales account is mapped for VAT 7 %');
  });
});
