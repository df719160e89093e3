import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { type CtHarness, fedUp, PROJECT, readers, startCtHarness } from './harness.ts';

/**
 * The Messages feed under the failures the issue names: messages turned off (a connection error on
 * the dashboard, orders still arrive by re-reading), messages expired during downtime, a gap in a
 * resource's sequence, messages delivered again, and another integration changing the order
 * between our read and our `updateSyncInfo` (409 ConcurrentModification).
 */
describe('the commercetools change feed', function () {
  this.timeout(90_000);
  let w: CtHarness;
  before(async () => {
    w = await startCtHarness();
  });
  after(async () => w?.stop());

  const connectionError = async () =>
    (
      await w.h.db.pool.query<{ last_error: string | null }>(
        `SELECT last_error FROM source_connections WHERE system = 'commercetools' AND key = $1`,
        [PROJECT],
      )
    ).rows[0]?.last_error ?? null;
  const reconciliations = async (reason: string) =>
    Number(
      (
        await w.h.db.pool.query<{ n: string }>(
          `SELECT count(*) AS n FROM stream_reconciliations WHERE source = 'commercetools' AND reason = $1`,
          [reason],
        )
      ).rows[0]?.n,
    );

  /** The feed last read 16 days ago: the messages since are gone, so what changed since is re-read. */
  const expireMessages = async () => {
    await w.h.db.pool.query(
      `UPDATE stream_checkpoints SET position = jsonb_set(position::jsonb, '{readAt}', to_jsonb($2::text))::text
        WHERE source = 'commercetools' AND channel = $1`,
      [`${PROJECT}:messages`, new Date(Date.now() - 16 * 86_400_000).toISOString()],
    );
  };

  it('messages turned off: the dashboard says so and orders still arrive by re-reading', async () => {
    w.ct.configureMessages({ enabled: false });
    const order = w.paidOrder();
    await w.h.until(async () => (await connectionError()) !== null, 'the connection error');
    expect(await connectionError()).to.contain('Messages are turned off in the commercetools project “demo-project”');
    const invoice = await w.invoiceFor(order.id);
    expect(w.invoicesFor(order.id)).to.have.length(1);
    expect(invoice.YourOrderNumber).to.equal(order.orderNumber);
    w.ct.configureMessages({ enabled: true });
    await w.h.until(async () => (await connectionError()) === null, 'the error to clear');
  });

  it('messages expired while the feed was away: what changed is re-read', async () => {
    await fedUp(w);
    // The order's changes produce no message a reader could still see, and the feed last read 16 days ago.
    const order = w.paidOrder();
    const payment = order.paymentInfo!.payments[0]!.id;
    w.ct.messages.drop((m) => m.resource.id === order.id || m.resource.id === payment);
    await expireMessages();
    await w.invoiceFor(order.id);
    expect(await reconciliations('messages_expired')).to.equal(1);
    expect(w.invoicesFor(order.id)).to.have.length(1);
  });

  it('a gap in an order’s sequence is noticed and the order read as it is now', async () => {
    const order = w.ct.placeOrder({ store: 'se', lines: [{ sku: 'KONS-H', quantity: 1 }] });
    await fedUp(w);
    // The capture's order message is lost; the next change of the order shows the gap.
    w.ct.capture(order.id);
    w.ct.messages.drop((m) => m.resource.id === order.id && m.type === 'OrderPaymentStateChanged');
    w.ct.setStates(order.id, { shipmentState: 'Shipped' });
    await w.invoiceFor(order.id);
    await w.h.until(async () => (await reconciliations('sequence_gap')) >= 1, 'the gap to be recorded');
    expect(w.invoicesFor(order.id)).to.have.length(1);
  });

  it('messages read again (checkpoint reset) create nothing more', async () => {
    const before = [...w.h.stack.fortnox.tenant(1001).invoices.rows.values()].length;
    await w.h.db.pool.query(
      `UPDATE stream_checkpoints SET position = '{"at":"1970-01-01T00:00:00.000Z"}' WHERE source = 'commercetools' AND channel = $1`,
      [`${PROJECT}:messages`],
    );
    await fedUp(w);
    expect([...w.h.stack.fortnox.tenant(1001).invoices.rows.values()].length).to.equal(before);
  });

  it('an order changed by another integration between our read and our write: written at its new version', async () => {
    const order = w.ct.placeOrder({ store: 'se', lines: [{ sku: 'ONB-1', quantity: 1 }] });
    await fedUp(w);
    const conflicts = () => w.ct.stats.total().byStatus['409'] ?? 0;
    const before = conflicts();
    // Our updateSyncInfo is held up a moment on its way in; meanwhile someone else writes to the order.
    const path = `/${PROJECT}/orders/${order.id}`;
    w.ct.injectFault({ kind: 'latency', ms: 300, method: 'POST', pathPrefix: path, count: 1 });
    const arriving = w.ct.waitForRequest((r) => r.method === 'POST' && r.path === path);
    w.ct.capture(order.id);
    await arriving;
    w.ct.touch(order.id);
    const invoice = await w.invoiceFor(order.id);
    await w.h.until(() => w.ct.syncInfo(order.id).length > 0, 'the Fortnox number on the order');
    expect(w.ct.syncInfo(order.id).map((s) => s.externalId)).to.deep.equal([String(invoice.DocumentNumber)]);
    expect(conflicts()).to.be.greaterThan(before);
  });

  it('a burst of more messages than a page inside the overlap (a bulk import) is read past', async () => {
    await fedUp(w);
    // 600 changes of customers we never synced, within a few milliseconds: one page is 500.
    const actor = { clientId: 'bulk-import', isPlatformClient: false };
    for (let i = 0; i < 600; i++)
      w.ct.messages.publish(
        { typeId: 'customer', id: randomUUID(), version: 1, identifiers: {} },
        [{ type: 'CustomerCreated' }],
        actor,
      );
    const order = w.paidOrder([{ sku: 'KONS-H', quantity: 1 }]);
    // The feed reaches the order's messages (it stood still at the burst's first page).
    await w.h.until(() => w.invoicesFor(order.id).length > 0, 'the invoice of the order after the burst', 60_000);
    await fedUp(w);
    expect(w.invoicesFor(order.id)).to.have.length(1);
  });

  it('a reconciliation pages past more records than a page changed at one instant', async () => {
    await fedUp(w);
    // A capture no message tells of: only the re-read finds it, after a bulk import of 600 payments
    // (no transactions) changed at one instant just before it.
    const order = w.paidOrder([{ sku: 'KONS-H', quantity: 1 }]);
    const paymentId = order.paymentInfo!.payments[0]!.id;
    const { key: _key, ...payment } = w.ct.project.payments.get(paymentId)!;
    const charge = payment.transactions.find((t) => t.type === 'Charge')!;
    w.ct.messages.drop((m) => m.resource.id === order.id || m.resource.id === paymentId);
    const instant = new Date(Date.parse(payment.lastModifiedAt) - 1000).toISOString();
    for (let i = 0; i < 600; i++)
      w.ct.project.payments.insert({ ...payment, id: randomUUID(), transactions: [], lastModifiedAt: instant });
    await expireMessages();
    await w.h.until(async () => (await w.ledger(charge.id, 'payment')) !== undefined, 'the capture read', 60_000);
    expect(w.invoicesFor(order.id)).to.have.length(1);
  });

  it('an invoiced order is not read again for our own write-back or a reconciliation; another’s change is', async () => {
    const order = w.paidOrder();
    await w.invoiceFor(order.id);
    await w.h.until(() => w.ct.syncInfo(order.id).length > 0, 'the Fortnox number on the order');
    await fedUp(w); // our updateSyncInfo's own message included
    let reads = 0;
    const count = (seen: { method: string; path: string }) => {
      if (seen.method === 'GET' && seen.path.endsWith(`/orders/${order.id}`)) reads++;
    };
    w.ct.stats.on('request', count);
    // A reconciliation over the last 16 days lists the order at the version our write-back made.
    const reconciled = await reconciliations('messages_expired');
    await expireMessages();
    await w.h.until(async () => (await reconciliations('messages_expired')) > reconciled, 'the reconciliation');
    await fedUp(w);
    expect(reads).to.equal(0);
    // Someone else changes the order: that version is read.
    w.ct.setStates(order.id, { shipmentState: 'Shipped' });
    await fedUp(w);
    w.ct.stats.off('request', count);
    expect(reads).to.be.greaterThan(0);
    expect(w.invoicesFor(order.id)).to.have.length(1);
  });

  it('an order read by a job that then failed for good is read again by the next reconciliation', async () => {
    await fedUp(w);
    // No message tells of the order; a job read it (at its current version) and never stored an outcome
    // (Fortnox away longer than its retries: dead-lettered).
    const order = w.paidOrder([{ sku: 'ONB-1', quantity: 1 }]);
    const paymentId = order.paymentInfo!.payments[0]!.id;
    w.ct.messages.drop((m) => m.resource.id === order.id || m.resource.id === paymentId);
    const { runtime, ctx } = await readers(w);
    const source = { system: 'commercetools', connection: PROJECT, object: 'order', id: order.id };
    expect((await runtime.readDocument(ctx, source)).kind).to.equal('document');
    await expireMessages();
    await w.h.until(() => w.invoicesFor(order.id).length > 0, 'the order invoiced by the re-read', 15_000);
    await fedUp(w);
    expect(w.invoicesFor(order.id)).to.have.length(1);
  });

  it('a failed read of an invoiced order is not confirmed by a later status change from Fortnox', async () => {
    const order = w.paidOrder([{ sku: 'ONB-1', quantity: 2 }]);
    const invoice = await w.invoiceFor(order.id);
    await w.h.until(() => w.ct.syncInfo(order.id).length > 0, 'the Fortnox number on the order');
    await fedUp(w);
    // Another integration changes the order (no message); a job reads that version and fails for good.
    w.ct.touch(order.id);
    const { runtime, ctx } = await readers(w);
    await runtime.readDocument(ctx, { system: 'commercetools', connection: PROJECT, object: 'order', id: order.id });
    // Then finance books the invoice: its ledger record changes, but no read's outcome was stored.
    w.h.stack.fortnox.finance(1001, 'bookkeep', String(invoice.DocumentNumber));
    await w.h.until(async () => (await w.ledger(order.id))?.state === 'booked', 'the invoice booked');
    const reconciled = await reconciliations('messages_expired');
    await expireMessages();
    await w.h.until(async () => (await reconciliations('messages_expired')) > reconciled, 'the reconciliation');
    const { rows } = await w.h.db.pool.query(
      `SELECT 1 FROM pgboss.job WHERE data->'source'->>'id' = $1 AND data->>'reason' = 'reconcile'`,
      [order.id],
    );
    expect(rows, 'the order queued by the reconciliation').to.have.length(1);
    await fedUp(w);
    expect(w.invoicesFor(order.id)).to.have.length(1);
  });
});
