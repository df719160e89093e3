import { expect } from 'chai';
import { syncVoucher } from '../../src/sink/voucher-sync.ts';
import { dayRef, row, startVoucherWorld, type VoucherWorld, voucherOf } from './voucher-helpers.ts';

/** Preview mode for vouchers: a closed day of a register in preview is prepared and shown, not posted. */
describe('voucher sink: preview mode', function () {
  this.timeout(60_000);
  let w: VoucherWorld;
  before(async () => {
    w = await startVoucherWorld();
    await w.h.db.pool.query(
      `INSERT INTO source_connections (system, key, label, preview) VALUES ('pos-test', 'preview-cafe', 'Café', true)`,
    );
  });
  after(async () => w?.close());

  it('holds a first posting with the voucher it would send, and posts it once when live', async () => {
    const source = dayRef('pos-test', 'preview-cafe');
    const voucher = voucherOf(source, [row(1910, 12_500, 0), row(3001, 0, 10_000), row(2611, 0, 2_500)]);
    const before = w.vouchers().length;
    const held = await syncVoucher(w.ctx(), voucher);
    expect(held.state).to.equal('pending');
    expect(w.vouchers(), 'nothing posted in preview').to.have.length(before);
    const { rows } = await w.h.db.pool.query<{ request: { VoucherSeries: string; VoucherRows: unknown[] } }>(
      `SELECT request FROM sync_events WHERE sync_record_id = $1 AND kind = 'preview'`,
      [held.id],
    );
    expect(rows).to.have.length(1);
    expect(rows[0]!.request.VoucherRows).to.have.length(3);
    // The same day again while in preview: no second preview of the same payload.
    await syncVoucher(w.ctx(), voucher);
    expect(
      (await w.h.db.pool.query(`SELECT 1 FROM sync_events WHERE sync_record_id = $1 AND kind = 'preview'`, [held.id]))
        .rowCount,
    ).to.equal(1);

    await w.h.db.pool.query(`UPDATE source_connections SET preview = false WHERE key = 'preview-cafe'`);
    const posted = await syncVoucher(w.ctx(), voucher);
    expect(posted.state).to.equal('booked');
    await syncVoucher(w.ctx(), voucher);
    expect(w.vouchers()).to.have.length(before + 1);
  });
});
