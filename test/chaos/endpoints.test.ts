import { expect } from 'chai';
import { type StripeHarness, startStripeHarness } from '../sources/stripe/harness.ts';

/**
 * Hostile HTTP against the Stripe webhook and the app's routes: malformed JSON, a body over the
 * limit, wrong content types, path traversal and SQL-looking ids, forged signatures. Every one is
 * answered 4xx with a body saying why, and nothing is enqueued or stored.
 */

describe('hostile input: endpoints', function () {
  this.timeout(120_000);
  let s: StripeHarness;
  before(async () => {
    s = await startStripeHarness();
  });
  after(async () => {
    await s?.stop();
  });

  // Webhook work goes to the document and customer queues (the scheduler's own jobs come and go meanwhile).
  const counts = async () => {
    const { rows } = await s.h.db.pool.query<{ jobs: number; records: number }>(
      `SELECT (SELECT count(*)::int FROM pgboss.job WHERE name IN ('document.sync', 'customer.sync')) AS jobs, (SELECT count(*)::int FROM sync_records) AS records`,
    );
    return rows[0]!;
  };

  it('answers every hostile request 4xx with a reason, and enqueues and stores nothing', async () => {
    const base = `${s.h.stack.appUrl}/sources/stripe/webhook`;
    const before = await counts();
    const forgedEvent = JSON.stringify({ id: 'evt_1', type: 'invoice.paid', data: { object: { id: 'in_1' } } });
    const cases: [string, string, RequestInit][] = [
      ['malformed JSON', `${base}/default`, { body: '{"id": ', headers: { 'content-type': 'application/json' } }],
      ['wrong content type', `${base}/default`, { body: '<xml/>', headers: { 'content-type': 'text/xml' } }],
      ['a body over the limit', `${base}/default`, { body: 'x'.repeat(6 * 1024 * 1024) }],
      [
        'a forged signature',
        `${base}/default`,
        { body: forgedEvent, headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' } },
      ],
      ['no signature', `${base}/default`, { body: forgedEvent, headers: { 'content-type': 'application/json' } }],
      ['path traversal in the id', `${base}/..%2F..%2Fetc%2Fpasswd`, { body: forgedEvent }],
      ['an SQL-looking id', `${base}/${encodeURIComponent("default' OR '1'='1")}`, { body: forgedEvent }],
    ];
    for (const [what, url, init] of cases) {
      const res = await fetch(url, { method: 'POST', ...init });
      const text = await res.text();
      expect(res.status, what).to.be.within(400, 499);
      expect(text.trim(), `${what}: a body saying why`).to.not.equal('');
      expect(text, `${what}: no stack trace`).to.not.match(/at .*\.ts:\d+/);
    }
    expect(await counts()).to.deep.equal(before);
  });
});
