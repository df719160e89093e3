import { expect } from 'chai';
import { SOURCES } from '../../src/sources/registry.ts';
import { lightspeedFixture } from './fixtures/lightspeed.ts';
import { sieFixture } from './fixtures/sie.ts';
import type { VoucherContractFixture, VoucherContractWorld } from './voucher-contract.ts';

/**
 * The voucher contract: the same scenarios against every source whose records are journal entries,
 * through the real `document.sync` handler and the Fortnox emulator. Adding such a source means
 * adding its fixture here.
 */
const FIXTURES: readonly VoucherContractFixture[] = [lightspeedFixture, sieFixture];

describe('voucher source contract', () => {
  it('has a fixture for every registered voucher source', () => {
    // Sources whose main (first-declared) object is a journal entry. commercetools books captures and
    // refunds as vouchers only in its voucher model, and a payment event never changes once it succeeded
    // (no correction to reverse): test/sources/commercetools/vouchers.test.ts covers it.
    const voucherSources = SOURCES.filter((s) => Object.values(s.objects)[0]?.role === 'voucher');
    expect(FIXTURES.map((f) => f.system).sort()).to.deep.equal(voucherSources.map((s) => s.system).sort());
  });

  for (const fixture of FIXTURES) {
    describe(fixture.system, function () {
      this.timeout(90_000);
      let w: VoucherContractWorld;
      let id: string;
      before(async () => {
        w = await fixture.start();
      });
      after(async () => w?.stop());

      it('a ready record posts exactly one balanced voucher', async () => {
        id = await w.prepare();
        expect(w.vouchers(id)).to.have.length(0);
        await w.trigger(id);
        expect(w.vouchers(id)).to.have.length(1);
      });

      it('the same record again posts nothing more', async () => {
        await w.duplicate(id);
        expect(w.vouchers(id)).to.have.length(1);
      });

      it('a late change becomes a reversing voucher and a new one, never a silent second posting', async () => {
        await w.change(id);
        const comments = w.vouchers(id).map((v) => String(v.Comments).split('\n')[0]);
        expect(comments).to.have.length(3);
        expect(comments[1]).to.match(/#rev$/);
        expect(comments[2]).to.match(/#1$/);
      });

      it('bad data parks with a plain message naming what to fix', async () => {
        const bad = await w.bad();
        expect(await w.attention(bad.id)).to.contain(bad.says);
        expect(w.vouchers(bad.id)).to.have.length(0);
      });
    });
  }
});
