import { expect } from 'chai';
import { syncVoucher } from '../../../src/sink/voucher-sync.ts';
import { startVoucherWorld, type VoucherWorld } from '../../sink/voucher-helpers.ts';
import { type LightspeedWorld, startLightspeedWorld } from './helpers.ts';

type Rec = Record<string, unknown>;
const rowsOf = (v: Rec) => (v.VoucherRows as Rec[]).map((r) => [r.Account, r.Debit, r.Credit]);

/** A café's day on Lightspeed K-Series becomes one voucher in Fortnox, over real HTTP both ways. */
describe('Lightspeed K-Series day → Fortnox voucher', function () {
  this.timeout(60_000);
  let w: VoucherWorld;
  let l: LightspeedWorld;
  before(async () => {
    w = await startVoucherWorld();
    l = await startLightspeedWorld(w, { quirks: { correctionsDatedTo: 'original' } });
  });
  after(async () => {
    await l?.close();
    await w?.close();
  });

  it('posts a day of three VAT rates, card with a tip, cash rounding, Swish, a return and a sale on account', async () => {
    const ls = l.ls;
    ls.ringUp({ lines: [{ sku: '101', quantity: 2 }, { sku: '201' }, { sku: '301' }], payments: [{ method: 'CARD' }] });
    ls.ringUp({ lines: [{ sku: '203', quantity: '0.347' }], payments: [{ method: 'CASH' }] });
    ls.ringUp({ lines: [{ sku: '103' }], payments: [{ method: 'CARD', tipPercent: 10 }] });
    ls.ringUp({ lines: [{ sku: '102' }, { sku: '101' }], payments: [{ method: 'SWISH' }] });
    ls.ringUp({ lines: [{ sku: '401' }], payments: [{ method: 'INVOICE', customer: { companyName: 'Byrån AB' } }] });
    const mugs = ls.ringUp({ lines: [{ sku: '401', quantity: 2 }], payments: [{ method: 'CARD' }] });
    ls.refund({ sale: mugs.sale.accountFiscId, lines: [{ sku: '401', quantity: 1 }] });
    const open = await l.read(ls.openDay());
    expect(open.kind).to.equal('blocked'); // not closed: nothing is posted yet
    const date = await l.closeDay();

    const read = await l.read(date);
    if (read.kind !== 'voucher') throw new Error(`expected a voucher, got ${JSON.stringify(read)}`);
    const record = await syncVoucher(w.ctx(), read.voucher);
    expect(record.state, record.errorMessage ?? '').to.equal('booked');
    const [voucher] = w
      .vouchers()
      .filter((v) => String(v.Comments).startsWith(`fortnox-sync lightspeed:gotgatan:${date}`));
    expect(voucher!.TransactionDate).to.equal(date);
    const rows = rowsOf(voucher!);
    const accounts = rows.map((r) => r[0]);
    expect(accounts).to.include.members([1580, 1910, 1930, 2890, 2611, 2621, 2631, 3001, 3002, 3003]);
    expect(rows).to.deep.include([2890, 0, 12.5]); // the tip, owed to staff
    expect(accounts).to.not.include(1510); // the sale on account is invoiced on its own (on-account.test.ts)
    // 0.347 kg × 289.90 = 100.5953, paid 101 in cash: 0.40 rounding gain (Lightspeed's roundingAmount).
    expect(rows.find((r) => r[0] === 1910)).to.deep.equal([1910, 101, 0]);
    const debit = rows.reduce((s, r) => s + Math.round(Number(r[1]) * 100), 0);
    const credit = rows.reduce((s, r) => s + Math.round(Number(r[2]) * 100), 0);
    expect(debit).to.equal(credit);
  });

  it('posts nothing more when the same day is read again', async () => {
    const date = l.ls.day().date;
    const before = w.vouchers().length;
    const yesterday = new Date(Date.parse(`${date}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < 3; i++) {
      const read = await l.read(yesterday);
      if (read.kind === 'voucher') await syncVoucher(w.ctx(), read.voucher);
    }
    expect(w.vouchers()).to.have.length(before);
  });

  it('holds a day with an unmapped payment method, and posts it once the mapping is added', async () => {
    const w2 = await startVoucherWorld();
    const l2 = await startLightspeedWorld(w2, {}, { paymentAccounts: ['CASH=1910', 'CARD=1580'] });
    try {
      l2.ls.ringUp({ lines: [{ sku: '101' }], payments: [{ method: 'SWISH' }] });
      const date = await l2.closeDay();
      const read = await l2.read(date);
      expect(read.kind).to.equal('blocked');
      if (read.kind === 'blocked')
        expect(read.message).to.contain('Payment method SWISH (“Swish”)').and.contain('has no account');
    } finally {
      await l2.close();
      await w2.close();
    }
  });

  it('books discounts on their own account when one is set, sales before discount', async () => {
    const w2 = await startVoucherWorld();
    const l2 = await startLightspeedWorld(w2, {}, { discountAccount: 3731 });
    try {
      l2.ls.ringUp({ lines: [{ sku: '101', discountPercent: 20 }], payments: [{ method: 'CARD' }] });
      const read = await l2.read(await l2.closeDay());
      if (read.kind !== 'voucher') throw new Error('expected a voucher');
      const rows = read.voucher.rows.map((r) => [r.account, r.debitOre, r.creditOre]);
      // A coffee of 35.00 (12 %) at 20 % off: 28.00 paid, 31.25 sales before the 6.25 discount, 3.00 VAT.
      expect(rows).to.deep.include.members([
        [1580, 2800, 0],
        [3002, 0, 3125],
        [3731, 625, 0],
        [2621, 0, 300],
      ]);
    } finally {
      await l2.close();
      await w2.close();
    }
  });

  it('turns a late refund on a posted day into a reversal and a corrected voucher', async () => {
    const ls = l.ls;
    const sale = ls.ringUp({ lines: [{ sku: '302', quantity: 2 }], payments: [{ method: 'CARD' }] });
    const date = await l.closeDay();
    const first = await l.read(date);
    if (first.kind !== 'voucher') throw new Error('expected a voucher');
    await syncVoucher(w.ctx(), first.voucher);
    ls.correct({ kind: 'refund', sale: sale.sale.accountFiscId, lines: [{ sku: '302', quantity: 1 }] });
    const again = await l.read(date);
    if (again.kind !== 'voucher') throw new Error('expected a voucher');
    const record = await syncVoucher(w.ctx(), again.voucher);
    expect(record.state).to.equal('booked');
    const mine = w.vouchers().filter((v) => String(v.Comments).startsWith(`fortnox-sync lightspeed:gotgatan:${date}`));
    expect(mine.map((v) => String(v.Comments).split('\n')[0])).to.deep.equal([
      `fortnox-sync lightspeed:gotgatan:${date}`,
      `fortnox-sync lightspeed:gotgatan:${date}#rev`,
      `fortnox-sync lightspeed:gotgatan:${date}#1`,
    ]);
    expect(rowsOf(mine[2]!)).to.deep.include([1580, 95, 0]); // one wine left
  });

  it('polls each connected location and queues the days Lightspeed reports complete', async () => {
    const sent: { source: { id: string; object: string } }[] = [];
    const queue = { send: async (_n: string, payload: (typeof sent)[number]) => void sent.push(payload) };
    const { openLightspeed } = await import('../../../src/sources/lightspeed-k/runtime.ts');
    const runtime = openLightspeed({ ...l.services, queue: queue as never }, { now: () => l.ls.now() });
    const open = l.ls.openDay();
    expect(await runtime.pollOnce()).to.be.greaterThan(0);
    const days = sent.filter((j) => j.source.object === 'day').map((j) => j.source.id);
    expect(days).to.not.include(open); // the open day waits for its close
    // Beside its days, only the sales on account (their own invoices).
    expect(sent.every((j) => j.source.object === 'day' || j.source.object === 'sale')).to.equal(true);
    expect(days.length).to.equal(new Set(days).size);
  });

  it('refreshes an expired access token with the single-use refresh token and stores the new pair', async () => {
    const connection = (await l.services.connections.get('lightspeed', 'gotgatan'))!;
    const creds = connection.credentials as { accessToken: string; refreshToken: string };
    const { saveConnection } = await import('../../../src/db/source-connections.repo.ts');
    await saveConnection(w.h.db.pool, w.h.key, {
      system: 'lightspeed',
      key: 'gotgatan',
      label: 'x',
      credentials: { ...creds, expiresAt: 0 },
    });
    const read = await l.read(l.ls.day().date);
    expect(read.kind).to.not.equal(undefined);
    const stored = (await l.services.connections.get('lightspeed', 'gotgatan'))!.credentials as {
      refreshToken: string;
      expiresAt: number;
    };
    expect(stored.refreshToken).to.not.equal(creds.refreshToken);
    expect(stored.expiresAt).to.be.greaterThan(Date.now());
  });

  it('asks to connect the location again, and does not retry, when Lightspeed refuses the refresh token', async () => {
    const connection = (await l.services.connections.get('lightspeed', 'gotgatan'))!;
    const creds = connection.credentials as { accessToken: string; refreshToken: string };
    const { saveConnection } = await import('../../../src/db/source-connections.repo.ts');
    // The merchant withdrew the app in Lightspeed: the refresh token answers 400 invalid_grant.
    l.ls.revokeAccess();
    await saveConnection(w.h.db.pool, w.h.key, {
      system: 'lightspeed',
      key: 'gotgatan',
      label: 'x',
      credentials: { ...creds, expiresAt: 0 },
    });
    const error = await l.read(l.ls.day().date).then(
      () => undefined,
      (e: unknown) => e as { retryable: boolean; userMessage: string },
    );
    expect(error?.retryable).to.equal(false);
    expect(error?.userMessage).to.contain('Connect the location again from the dashboard');
    expect(error?.userMessage).to.not.contain('tried again');
    expect(error?.userMessage).to.not.contain("day's sales");
  });
});
