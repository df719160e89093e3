import { expect } from 'chai';
import type { TenantStats } from '../../emulators/fortnox/index.ts';
import { DEMO_TENANT } from '../../scripts/stack.ts';
import { startStatusSync } from '../../src/status/status-runtime.ts';
import { eventually, type StatusHarness, startStatusHarness } from './helpers.ts';

describe('status paths: WebSocket, restart, alerts', function () {
  this.timeout(40_000);
  let h: StatusHarness;
  before(async () => {
    h = await startStatusHarness({ env: { STATUS_POLL_INTERVAL_SECONDS: '3600' } });
  });
  after(async () => h?.stop());

  it('a payment in Fortnox reaches the Opportunity within seconds through the WebSocket', async () => {
    const { opportunityId, invoiceNumber } = await h.invoicedDeal(800);
    h.finance('bookkeep', invoiceNumber);
    await h.status(opportunityId, 'Booked');
    const started = Date.now();
    h.finance('payment', invoiceNumber);
    await h.status(opportunityId, 'Paid');
    const ms = Date.now() - started;
    process.stdout.write(`      websocket payment → Opportunity: ${ms} ms\n`);
    expect(ms).to.be.below(5000);
  });

  it('events that arrive while the worker is down are replayed from the stored offset after a restart', async () => {
    const { opportunityId, invoiceNumber } = await h.invoicedDeal(600);
    h.finance('bookkeep', invoiceNumber);
    await h.status(opportunityId, 'Booked');
    await h.stack.status!.stop();
    expect(h.stack.fortnox.topics.connections()).to.equal(0);
    h.finance('payment', invoiceNumber); // while nobody listens
    const mark = h.topics.seen.length;
    const { runtime } = h.stack;
    h.stack.status = await startStatusSync(runtime.boss, runtime.config, runtime.target, h.stack.statusDeps!, {
      lockPollMs: 200,
      observe: h.topics.observe,
    });
    await h.topics.waitFor((s) => s.type === 'subscribed' && s.offset !== undefined, mark);
    await h.status(opportunityId, 'Paid');
    const replayed = h.topics.seen.slice(mark).filter((s) => s.type === 'event' && s.event.entityId === invoiceNumber);
    expect(replayed.length).to.be.greaterThan(0);
  });

  it('a combination that maps to no status is an alert: logged, audited, and the record keeps its state', async () => {
    const { opportunityId, invoiceNumber } = await h.invoicedDeal(500);
    const tenant = h.stack.fortnox.tenant(Number(DEMO_TENANT));
    const rec = { ...(tenant.invoices.get(invoiceNumber) as Record<string, unknown>), Balance: 100 }; // "paid" on an unbooked draft
    tenant.invoices.put(invoiceNumber, rec, tenant.now());
    h.stack.fortnox.state.env.emit('invoices', 'invoice-updated-v1', Number(DEMO_TENANT), invoiceNumber);
    const alert = await eventually(
      async () =>
        (
          await h.db.pool.query(
            `SELECT e.message, r.state FROM sync_events e JOIN sync_records r ON r.id = e.sync_record_id
      WHERE r.source_id = $1 AND e.kind = 'alert'`,
            [opportunityId],
          )
        ).rows[0],
    );
    expect(alert.state).to.equal('draft');
    expect(alert.message).to.match(/unbooked but balance 100/);
    expect((h.sf.get(opportunityId) as Record<string, unknown>).Fortnox_Status__c).to.equal('Draft');
  });
});

describe('status paths: the poller alone', function () {
  this.timeout(40_000);
  let h: StatusHarness;
  const interval = 2;
  before(async () => {
    h = await startStatusHarness({
      env: { STATUS_POLL_INTERVAL_SECONDS: String(interval), FORTNOX_WS_ENABLED: 'false' },
    });
  });
  after(async () => h?.stop());

  const pollPosition = async () =>
    (
      await h.db.pool.query(`SELECT position FROM stream_checkpoints WHERE source = 'fortnox-poll' AND channel = $1`, [
        DEMO_TENANT,
      ])
    ).rows[0]?.position as string | undefined;

  it('a payment reaches the Opportunity within one interval plus 10 s', async () => {
    const { opportunityId, invoiceNumber } = await h.invoicedDeal(700);
    h.finance('bookkeep', invoiceNumber);
    await h.status(opportunityId, 'Booked');
    const started = Date.now();
    h.finance('payment', invoiceNumber, 200);
    await h.status(opportunityId, 'Partially Paid');
    const ms = Date.now() - started;
    process.stdout.write(`      polling (${interval} s) payment → Opportunity: ${ms} ms\n`);
    expect(ms).to.be.below(interval * 1000 + 10_000);
  });

  it('an idle poll cycle costs one Fortnox request per tenant', async () => {
    await h.invoicedDeal(100);
    let position = await eventually(pollPosition);
    position = await eventually(async () => {
      const p = await pollPosition();
      return p !== position && p;
    });
    h.stack.fortnox.resetStats();
    for (let cycle = 0; cycle < 3; cycle++) {
      const previous = position;
      position = await eventually(async () => {
        const p = await pollPosition();
        return p !== previous && p;
      });
    }
    const stats = h.stack.fortnox.stats(Number(DEMO_TENANT)) as TenantStats;
    expect(stats.requests).to.equal(3);
  });
});
