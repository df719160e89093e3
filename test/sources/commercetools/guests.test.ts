import type { Order } from '@commercetools/platform-sdk';
import { expect } from 'chai';
import { fromGuest } from '../../../src/sources/commercetools/customer-map.ts';
import { type CtHarness, startCtHarness } from './harness.ts';

/**
 * Guest checkouts (no customerId): the same buyer ordering again is the same Fortnox customer —
 * by organisation number, VAT number or e-mail, as the shop rules match — never a new customer (or
 * a "customer already linked" conflict) per order. The bench found one customer per guest order.
 */
describe('commercetools guest orders: one Fortnox customer per buyer', function () {
  this.timeout(90_000);
  let w: CtHarness;
  before(async () => {
    w = await startCtHarness();
  });
  after(async () => w?.stop());

  const customersNamed = (email: string) =>
    [...w.h.stack.fortnox.tenant(1001).customers.rows.values()]
      .map((r) => r.rec as Record<string, unknown>)
      .filter((c) => String(c.Email ?? '').toLowerCase() === email.toLowerCase());

  it('two guest orders with the same e-mail (any case) are invoiced to one customer', async () => {
    const first = w.ct.capture(
      w.ct.placeOrder({
        store: 'se',
        customerEmail: 'anna.holm@example.se',
        lines: [{ sku: 'KAFFE-500', quantity: 1 }],
      }).id,
    );
    const one = await w.invoiceFor(first.id);
    const second = w.ct.capture(
      w.ct.placeOrder({ store: 'se', customerEmail: 'Anna.Holm@Example.se', lines: [{ sku: 'ONB-1', quantity: 1 }] })
        .id,
    );
    const two = await w.invoiceFor(second.id);
    expect(two.CustomerNumber).to.equal(one.CustomerNumber);
    expect(customersNamed('anna.holm@example.se')).to.have.length(1);
    expect((await w.ledger(second.id))?.state).to.not.equal('needs_attention');
  });

  it('a different buyer is a customer of their own', async () => {
    const a = w.ct.capture(
      w.ct.placeOrder({ store: 'se', customerEmail: 'nils@example.se', lines: [{ sku: 'KAFFE-500', quantity: 1 }] }).id,
    );
    const b = w.ct.capture(
      w.ct.placeOrder({ store: 'se', customerEmail: 'maja@example.se', lines: [{ sku: 'KAFFE-500', quantity: 1 }] }).id,
    );
    const [ia, ib] = [await w.invoiceFor(a.id), await w.invoiceFor(b.id)];
    expect(ia.CustomerNumber).to.not.equal(ib.CustomerNumber);
  });

  it('a company guest is known by its organisation or VAT number before its e-mail', () => {
    const order = (email: string, fields: Record<string, string>) =>
      ({
        id: '5b1f0a52-3c1e-4d7e-9a51-6a3f1f0e2b11',
        customerEmail: email,
        billingAddress: {
          country: 'SE',
          company: 'Holm & Co AB',
          custom: { type: { typeId: 'type', id: 't' }, fields },
        },
      }) as unknown as Order;
    const byVat = fromGuest('p', order('inköp@holm.se', { vatId: 'SE556677889901' }));
    const byOrg = fromGuest('p', order('ekonomi@holm.se', { organisationNumber: '556677-8899' }));
    expect(byVat.source.id).to.equal(byOrg.source.id);
    expect(byVat).to.deep.include({ kind: 'company', organisationNumber: '556677-8899', vatNumber: 'SE556677889901' });
    const byEmail = fromGuest('p', order('inköp@holm.se', {}));
    expect(byEmail.source.id).to.match(/^e[0-9a-f]{24}$/);
    const nobody = fromGuest('p', { id: order('', {}).id } as Order);
    expect(nobody.source.id).to.equal('5b1f0a52-3c1e-4d7e-9a51-6a3f1f0e2b11');
  });
});
