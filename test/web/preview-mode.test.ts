import { expect } from 'chai';
import { DEMO_TENANT } from '../../scripts/stack.ts';
import { SWEDISH_ACCOUNT, type SyncHarness, startSyncHarness } from '../sync/harness.ts';

/**
 * Preview mode, Breadwinner's read-only start: with the Salesforce org in preview a won deal is
 * prepared exactly as it would be sent and shown on its record's page, and nothing reaches Fortnox.
 * Going live sends it — once, however often live is switched and whatever else retries it.
 */
describe('console: preview mode', function () {
  this.timeout(90_000);
  let h: SyncHarness;

  before(async () => {
    h = await startSyncHarness();
  });
  after(async () => h?.stop());

  it('holds a won deal with its payload on the record page, and going live posts it exactly once', async () => {
    const notice = await h.dashboardPost('/connections/salesforce/default/preview', {});
    expect(notice).to.contain('is in preview mode');
    const product = h.product('PREV-1', 'Förhandsvisning', 900);
    const account = h.account({ ...SWEDISH_ACCOUNT, Name: 'Preview AB', Organisation_Number__c: undefined });
    const deal = h.deal(account, [{ entry: product, quantity: 2, unitPrice: 900 }]);
    h.win(deal);

    const held = async () =>
      (
        await h.db.pool.query<{ id: string; request: { Rows?: unknown[] } }>(
          `SELECT r.id, e.request FROM sync_records r JOIN sync_events e ON e.sync_record_id = r.id AND e.kind = 'preview'
            WHERE r.source_id = $1`,
          [deal],
        )
      ).rows;
    await h.until(async () => (await held()).length > 0, 'the deal is held with its preview');
    const [preview] = await held();
    expect(preview!.request.Rows).to.have.length(1);
    // The deal synced again unchanged: the same payload is not kept twice.
    const again = await h.stack.runtime.queue.send('document.sync', {
      source: { system: 'salesforce', connection: 'default', object: 'Opportunity', id: deal },
      reason: 'test',
    });
    await h.until(
      async () =>
        (await h.db.pool.query(`SELECT 1 FROM pgboss.job WHERE id = $1 AND state = 'completed'`, [again])).rowCount ===
        1,
      'the second sync has run',
    );
    expect(await held()).to.have.length(1);
    expect(await h.ledgerState(deal)).to.equal('pending');
    expect(h.invoicesFor(deal), 'nothing is posted in preview').to.have.length(0);
    const customer = await h.db.pool.query(
      `SELECT 1 FROM sync_records WHERE document_kind = 'customer' AND source_id = $1 AND fortnox_number IS NOT NULL`,
      [account],
    );
    expect(customer.rowCount, 'nor is the customer created').to.equal(0);
    expect(JSON.stringify(preview!.request)).to.contain('(new customer “Preview AB”, created when live)');

    const page = await (await fetch(`${h.stack.appUrl}/records/${preview!.id}`)).text();
    expect(page).to.contain('Preview mode: this is what would be sent to Fortnox; nothing was posted.');
    // The worker noted the org's instance URL at sign-in: the deal links to its Lightning page.
    const org = await h.db.pool.query<{ web_url: string | null }>(
      `SELECT web_url FROM source_connections WHERE system = 'salesforce' AND key = 'default'`,
    );
    expect(org.rows[0]?.web_url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(page).to.contain(`href="${org.rows[0]!.web_url}/lightning/r/Opportunity/${deal}/view"`);
    expect(page).to.contain('PREV-1');

    // Live twice in a row, and a retry of the record on top: three jobs, one invoice.
    const [first, second] = await Promise.all([
      h.dashboardPost('/connections/salesforce/default/live', {}),
      h.dashboardPost('/connections/salesforce/default/live', {}),
    ]);
    expect(`${first} ${second}`).to.contain('being sent to Fortnox now, once each');
    await h.dashboardPost(`/records/${preview!.id}/retry`, {});
    const invoice = await h.draftFor(deal);
    expect(invoice.CustomerName).to.equal('Preview AB');
    await h.until(async () => (await h.ledgerState(deal)) === 'draft', 'the deal is a draft');
    // Let every queued job for it finish before counting.
    await h.until(
      async () =>
        Number(
          (
            await h.db.pool.query(
              `SELECT count(*) FROM pgboss.job WHERE name = 'document.sync' AND data->'source'->>'id' = $1 AND state < 'completed'`,
              [deal],
            )
          ).rows[0].count,
        ) === 0,
      'every sync of the deal has run',
    );
    expect(h.invoicesFor(deal)).to.have.length(1);
  });

  it('holds a new customer synced on its own too, and creates it once when live', async () => {
    await h.dashboardPost('/connections/salesforce/default/preview', {});
    const account = h.account({ ...SWEDISH_ACCOUNT, Name: 'Ensam Kund AB' });
    const source = { system: 'salesforce', connection: 'default', object: 'Account', id: account };
    await h.stack.runtime.queue.send('customer.sync', { source, reason: 'test' });
    const record = async () =>
      (
        await h.db.pool.query<{ state: string; fortnox_number: string | null; previews: number }>(
          `SELECT r.state, r.fortnox_number,
                  (SELECT count(*)::int FROM sync_events e WHERE e.sync_record_id = r.id AND e.kind = 'preview') AS previews
             FROM sync_records r WHERE r.document_kind = 'customer' AND r.source_id = $1`,
          [account],
        )
      ).rows[0];
    await h.until(async () => ((await record())?.previews ?? 0) > 0, 'the customer is held with its preview');
    expect(await record()).to.include({ state: 'pending', fortnox_number: null });

    await h.dashboardPost('/connections/salesforce/default/live', {});
    await h.until(async () => (await record())?.fortnox_number != null, 'the customer is created');
    const created = h.customer((await record())!.fortnox_number!);
    expect(created?.Name).to.equal('Ensam Kund AB');
    const named = [...h.stack.fortnox.tenant(Number(DEMO_TENANT)).customers.rows.values()].filter(
      (c) => (c.rec as { Name?: string }).Name === 'Ensam Kund AB',
    );
    expect(named).to.have.length(1);
  });
});
