import { expect } from 'chai';
import { formToken } from '../../../src/web/admin-auth.ts';
import { type StripeHarness, startStripeHarness } from './harness.ts';

/**
 * Connecting a Stripe account from the dashboard: the page is a form in the console's frame; a key
 * Stripe refuses is a plain 400 and stores nothing; a good key is stored encrypted and a webhook
 * endpoint is registered, whose signed deliveries then make Fortnox invoices for that connection.
 */
describe('Stripe connect page', function () {
  this.timeout(90_000);
  let s: StripeHarness;
  before(async () => {
    s = await startStripeHarness();
  });
  after(async () => s?.stop());

  const post = (fields: Record<string, string>, token = formToken(s.h.stack.config)) =>
    fetch(`${s.h.stack.appUrl}/sources/stripe/connect`, {
      method: 'POST',
      body: new URLSearchParams({ token, ...fields }),
    });
  const stored = async (key: string) =>
    (
      await s.h.db.pool.query<{ credentials_enc: string | null }>(
        `SELECT credentials_enc FROM source_connections WHERE system = 'stripe' AND key = $1`,
        [key],
      )
    ).rows[0];

  it('shows a form with the secret key field and the form token', async () => {
    const res = await fetch(`${s.h.stack.appUrl}/sources/stripe/connect`);
    const page = await res.text();
    expect(res.status).to.equal(200);
    expect(page).to.contain('Connect a Stripe account').and.contain('name="secretKey"').and.contain('name="token"');
  });

  it('a key Stripe refuses is a plain 400 and nothing is stored', async () => {
    const res = await post({ key: 'refused', secretKey: 'sk_test_notarealkey123' });
    expect(res.status).to.equal(400);
    expect(await res.text()).to.contain('Stripe did not accept this secret key');
    expect(await stored('refused')).to.equal(undefined);
  });

  it('a post without the form token is refused', async () => {
    const res = await post({ key: 'forged', secretKey: s.em.secretKey }, 'not-the-token');
    expect(res.status).to.equal(403);
    expect(await stored('forged')).to.equal(undefined);
  });

  it('a good key is stored encrypted, its endpoint registered, and its invoices reach Fortnox', async () => {
    const res = await post({ key: 'second', secretKey: s.em.secretKey });
    expect(res.status, await res.clone().text()).to.equal(200);
    const row = await stored('second');
    expect(row?.credentials_enc).to.be.a('string').and.not.contain(s.em.secretKey);
    const demo = s.em.demo!;
    const sub = s.em.subscribe({ customer: demo.customers.acme, price: demo.monthly, taxRate: demo.vat });
    const id = String(sub.latest_invoice);
    const invoices = () =>
      [...s.h.stack.fortnox.tenant(1001).invoices.rows.values()].filter(
        (r) => (r.rec as Record<string, unknown>).ExternalInvoiceReference1 === `stripe:second:${id}`,
      );
    await s.h
      .until(() => invoices().length > 0, 'the invoice of the connected account', 60_000)
      .catch(async (e) => {
        // Say where it stopped: the ledger rows of the connection, with their state and message.
        const { rows } = await s.h.db.pool.query(
          `SELECT source_object, document_kind, state, error_code, error_message FROM sync_records WHERE source_connection = 'second'`,
        );
        throw new Error(`${(e as Error).message}; ledger of 'second': ${JSON.stringify(rows)}`);
      });
    expect(invoices()).to.have.length(1);
  });
});
