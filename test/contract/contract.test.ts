import { expect } from 'chai';
import { SOURCES } from '../../src/sources/registry.ts';
import { fixturesPresent } from '../helpers/shared-fixtures.ts';
import type { ContractFixture, ContractWorld } from './contract.ts';
import { bigcommerceFixture } from './fixtures/bigcommerce.ts';
import { commercetoolsFixture } from './fixtures/commercetools.ts';
import { salesforceFixture } from './fixtures/salesforce.ts';
import { stripeFixture } from './fixtures/stripe.ts';
import { wooFixture } from './fixtures/woocommerce.ts';

/**
 * The contract suite: the same scenarios against every registered source and its emulator. A
 * source without a fixture here fails the suite — adding a source means adding its fixture.
 */
const FIXTURES: readonly ContractFixture[] = [
  salesforceFixture,
  bigcommerceFixture,
  commercetoolsFixture,
  wooFixture,
  stripeFixture,
];

describe('source contract', () => {
  it('has a fixture for every registered source', () => {
    // Sources of journal entries (POS days, SIE files: their main, first-declared object is a voucher) run
    // voucher-contract.test.ts instead; a POS's invoices for sales on account are covered by its own tests
    // (test/sources/lightspeed-k/on-account.test.ts). A shop that can also book payments as vouchers
    // (commercetools' voucher model) is still a document source.
    const documentSources = SOURCES.filter((s) => Object.values(s.objects)[0]?.role !== 'voucher');
    expect(FIXTURES.map((f) => f.system).sort()).to.deep.equal(documentSources.map((s) => s.system).sort());
  });

  for (const fixture of FIXTURES) {
    describe(fixture.system, function () {
      this.timeout(90_000);
      let w: ContractWorld;
      let id: string;
      before(async () => {
        w = await fixture.start();
      });
      after(async () => w?.stop());

      it('a new document creates exactly one Fortnox document', async () => {
        id = await w.prepare();
        expect(w.documents(id)).to.have.length(0);
        await w.trigger(id);
        await w.documented(id);
        expect(w.documents(id)).to.have.length(1);
      });

      it('duplicate and replayed notifications create nothing more', async () => {
        await w.duplicate(id);
        await w.replayAll();
        expect(w.documents(id)).to.have.length(1);
      });

      it('a change amends the document', async () => {
        await w.change(id);
        expect(w.documents(id)).to.have.length(1);
      });

      it('status reaches the source', async () => {
        expect(await w.bookInFortnox(id)).to.match(/booked/i);
      });

      it('a cancel cancels (or credits) what was sent', async () => {
        const other = await w.prepare();
        await w.trigger(other);
        await w.documented(other);
        await w.cancel(other);
        const [document] = w.documents(other);
        expect(document?.Cancelled === true || String(document?.CreditInvoiceReference ?? '0') !== '0').to.equal(true);
      });

      if (fixture.refundFixtures !== undefined && !fixturesPresent(fixture.refundFixtures)) {
        it(`skips: ../shared/fixtures/${fixture.refundFixtures} is absent`, function () {
          this.skip();
        });
      } else {
        it('a refund credits the document', async function () {
          if (w.refund === undefined) return this.skip();
          const credit = await w.refund(id);
          expect(String(credit.Credit)).to.equal('true');
        });
      }

      it('bad data parks with a plain message in the source’s own words', async () => {
        const bad = await w.bad();
        expect(await w.attention(bad.id)).to.contain(bad.says);
        expect(w.documents(bad.id)).to.have.length(0);
      });
    });
  }
});
