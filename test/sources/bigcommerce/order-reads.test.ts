import { expect } from 'chai';
import { DEMO_STORE } from '../../../emulators/bigcommerce/index.ts';
import { HINT_GRACE_MS, noteOrderRead, orderMarks, pollVerdict } from '../../../src/sources/bigcommerce/order-reads.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { type BigCommerceHarness, startBigCommerceHarness } from './harness.ts';

describe('BigCommerce poll: which listed orders it enqueues', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s));
  const now = at(30).getTime();
  it('an order never read nor hinted is enqueued (a lost webhook)', () => {
    expect(pollVerdict(undefined, at(10), now)).to.equal('enqueue');
  });
  it('an order read at this version is left alone; a newer version is enqueued', () => {
    expect(pollVerdict({ read: at(10) }, at(10), now)).to.equal('read');
    expect(pollVerdict({ read: at(10) }, at(11), now)).to.equal('enqueue');
  });
  it('an order hinted recently waits for its job; once the grace is over it is enqueued', () => {
    expect(pollVerdict({ hintedAt: at(29) }, at(28), now)).to.equal('hinted');
    expect(pollVerdict({ hintedAt: at(29) }, at(28), at(29).getTime() + HINT_GRACE_MS)).to.equal('enqueue');
  });
});

/**
 * A job notes its read when it fetches the order, before Fortnox has the document. If that job then
 * fails for good (Fortnox down past the retry budget), the poll must still enqueue the order: a read
 * counts only once the order's ledger record is settled, or when the read needed nothing sent.
 */
describe('BigCommerce poll: a read counts once its outcome is stored', () => {
  let db: TestDatabase;
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s));
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => db?.drop());
  const verdict = async (orderId: number) =>
    pollVerdict((await orderMarks(db.pool, 'demo', [orderId])).get(orderId), at(10), at(30).getTime());
  const ledger = async (orderId: number, state: string) => {
    const moved = await db.pool.query(
      `UPDATE sync_records SET state = $2 WHERE source_system = 'bigcommerce' AND source_id = $1`,
      [String(orderId), state],
    );
    if (moved.rowCount === 0)
      await db.pool.query(
        `INSERT INTO sync_records (source_system, source_connection, source_object, source_id, tenant_id, document_kind, state)
         VALUES ('bigcommerce', 'demo', 'order', $1, '1', 'invoice', $2)`,
        [String(orderId), state],
      );
  };

  it('a read whose job failed before the ledger settled is enqueued again', async () => {
    await noteOrderRead(db.pool, 'demo', 7, at(10));
    expect(await verdict(7), 'no ledger record (the job died first)').to.equal('enqueue');
    await ledger(7, 'creating');
    expect(await verdict(7), 'the create may not have reached Fortnox').to.equal('enqueue');
    await ledger(7, 'draft');
    expect(await verdict(7), 'the invoice exists').to.equal('read');
  });

  it('a read that needed nothing sent (an unfinished checkout) counts at once; a parked one too', async () => {
    await noteOrderRead(db.pool, 'demo', 8, at(10), true);
    expect(await verdict(8)).to.equal('read');
    await noteOrderRead(db.pool, 'demo', 9, at(10));
    await ledger(9, 'needs_attention');
    expect(await verdict(9)).to.equal('read');
  });

  it('another store’s ledger record does not settle this store’s read', async () => {
    await noteOrderRead(db.pool, 'other', 7, at(10));
    expect(pollVerdict((await orderMarks(db.pool, 'other', [7])).get(7), at(10), at(30).getTime())).to.equal('enqueue');
  });
});

/**
 * The store's quota is what binds a BigCommerce merchant's throughput, and each read of an order
 * costs three requests (order, products, shipping addresses). A checkout's webhooks and the
 * reconciliation poll both hear of the order: it must still be read once, not once per path.
 */
describe('BigCommerce: one order read per order', function () {
  this.timeout(90_000);
  let t: BigCommerceHarness;

  before(async () => {
    t = await startBigCommerceHarness({ pollSeconds: 1 });
  });
  after(async () => t?.stop());

  const count = (route: string) => t.bc.stats(DEMO_STORE).byRoute[route] ?? 0;
  /** Resolves after `n` more reconciliation rounds (each lists the orders once). */
  const pollRounds = async (n: number) => {
    const start = count('GET /stores/demo/v2/orders');
    await t.h.until(() => count('GET /stores/demo/v2/orders') >= start + n, `${n} poll rounds`);
  };

  it('a checkout heard by its webhooks and by the poll reads the order once', async () => {
    await pollRounds(1);
    await t.settled();
    t.bc.resetStats();
    const id = t.order();
    await t.invoiceFor(id);
    await t.settled();
    // Its webhooks read it once — twice when a loaded machine delivers them across two coalescing
    // windows (each window is one job).
    const byWebhooks = count('GET /stores/demo/v2/orders/:id');
    expect(byWebhooks, 'order reads by its webhooks').to.be.within(1, 2);
    // The poll sees the order (modified since its checkpoint) in the next rounds, and reads nothing.
    await pollRounds(2);
    await t.settled();
    expect(t.invoicesFor(id)).to.have.length(1);
    expect(count('GET /stores/demo/v2/orders/:id'), 'order reads by the poll').to.equal(byWebhooks);
    expect(count('GET /stores/demo/v2/orders/:id/products'), 'product reads').to.equal(byWebhooks);
    expect(count('GET /stores/demo/v2/orders/:id/shipping_addresses'), 'address reads').to.equal(byWebhooks);
    // Its capture: read once by its job, after the invoice (it used to be read before, found no
    // invoice, waited, and was read again), and once by a poll round that saw the order paid.
    expect(count('GET /stores/demo/v3/orders/:id/transactions'), 'transaction reads').to.be.at.most(2);
  });

  it('a later change to the order is read again, once', async () => {
    const id = t.order();
    await t.invoiceFor(id);
    await t.settled();
    await pollRounds(2);
    await t.settled();
    t.bc.resetStats();
    const store = t.bc.store(DEMO_STORE);
    const o = store.order(id)!;
    o.lines[0]!.quantity = 5;
    o.modified = store.now();
    store.fire('store/order/updated', { type: 'order', id }, o.channelId);
    await t.h.until(
      () => Number((t.invoicesFor(id)[0]!.InvoiceRows as Record<string, unknown>[])[0]?.DeliveredQuantity) === 5,
      'the draft to follow the change',
    );
    await t.settled();
    await pollRounds(2);
    await t.settled();
    expect(count('GET /stores/demo/v2/orders/:id'), 'order reads').to.equal(1);
    // The status write-back PUTs the metafield it made the first time: nothing to find first.
    expect(count('PUT /stores/demo/v3/orders/:id/metafields/:id'), 'metafield writes').to.be.at.least(1);
    expect(count('GET /stores/demo/v3/orders/:id/metafields'), 'metafield finds').to.equal(0);
  });
});
