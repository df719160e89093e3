import { expect } from 'chai';
import { DEMO_STORE, DEMO_TOKEN } from '../../../emulators/bigcommerce/index.ts';
import { type BigCommerceHarness, startBigCommerceHarness } from './harness.ts';

/**
 * Webhooks are hints: lost ones are caught by the reconciliation poll, duplicated and reordered
 * ones add nothing, and a hook BigCommerce deactivated is noticed and turned back on.
 */
describe('BigCommerce webhooks and the reconciliation poll (end to end)', function () {
  this.timeout(90_000);
  let t: BigCommerceHarness;

  before(async () => {
    t = await startBigCommerceHarness({ pollSeconds: 1 });
  });
  afterEach(() => {
    t.bc.webhooks.chaos({ duplicate: 0, drop: 0, reorderWindow: 0 });
  });
  after(async () => t?.stop());

  it('with every webhook lost, orders still arrive within a poll interval', async () => {
    t.bc.webhooks.chaos({ drop: 1 });
    const first = t.order();
    const second = t.order({ lines: [{ sku: 'MUGG-01', quantity: 3 }] });
    const started = Date.now();
    await t.invoiceFor(first);
    await t.invoiceFor(second);
    // One interval (1 s) plus the time the jobs take; far less than a retry schedule.
    expect(Date.now() - started).to.be.below(10_000);
    expect(t.invoicesFor(first)).to.have.length(1);
  });

  it('a capture whose webhooks were all lost is still read as the order’s payment, once', async () => {
    t.bc.webhooks.chaos({ drop: 1 });
    const id = t.order();
    await t.invoiceFor(id);
    const payments = async () =>
      (
        await t.h.db.pool.query<{ source_id: string }>(
          `SELECT source_id FROM sync_records WHERE source_system = 'bigcommerce' AND source_object = 'transaction'
            AND source_id LIKE $1`,
          [`${id}-%`],
        )
      ).rows;
    await t.h.until(async () => (await payments()).length > 0, `a payment record of order ${id}`);
    await t.settled();
    expect(await payments()).to.have.length(1);
  });

  it('duplicated and reordered webhooks make one invoice per order', async () => {
    t.bc.webhooks.chaos({ duplicate: 1, reorderWindow: 3 });
    const ids = [t.order(), t.order(), t.order()];
    for (const id of ids) await t.invoiceFor(id);
    await t.settled();
    for (const id of ids) expect(t.invoicesFor(id), `order ${id}`).to.have.length(1);
  });

  it('a deactivated hook is turned back on by the poll and the store shows why', async () => {
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${t.bc.url}/stores/${DEMO_STORE}${path}`, {
        method,
        headers: { 'X-Auth-Token': DEMO_TOKEN, 'Content-Type': 'application/json', Accept: 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }).then((r) => r.json() as Promise<{ data: { id: number; scope: string; is_active: boolean }[] }>);
    const hooks = (await api('GET', '/v3/hooks')).data;
    const created = hooks.find((h) => h.scope === 'store/order/created')!;
    await api('PUT', `/v3/hooks/${created.id}`, { is_active: false });
    await t.h.until(
      async () => (await api('GET', '/v3/hooks')).data.find((h) => h.id === created.id)?.is_active === true,
      'the hook to be reactivated',
    );
    // The poll turns the hook back on first and records why just after; wait for the record.
    const lastError = async () =>
      (
        await t.h.db.pool.query<{ last_error: string | null }>(
          `SELECT last_error FROM source_connections WHERE system = 'bigcommerce' AND key = $1`,
          [DEMO_STORE],
        )
      ).rows[0]?.last_error ?? null;
    await t.h.until(async () => (await lastError()) !== null, 'the store to show why');
    const rows = [{ last_error: await lastError() }];
    expect(rows[0]?.last_error).to.match(/deactivated.*turned back on/);
  });

  it('connecting with a wrong token is refused with what to do, and stores nothing', async () => {
    const res = await fetch(`${t.h.stack.appUrl}/sources/bigcommerce/connect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'other', storeHash: DEMO_STORE, accessToken: 'wrong-token' }),
    });
    expect(res.status).to.equal(400);
    expect(((await res.json()) as { message: string }).message).to.match(/did not accept this store hash and token/);
    const { rows } = await t.h.db.pool.query(
      `SELECT 1 FROM source_connections WHERE system = 'bigcommerce' AND key = 'other'`,
    );
    expect(rows).to.have.length(0);
  });

  it('a forged callback (wrong secret) is refused and enqueues nothing', async () => {
    const res = await fetch(`${t.h.stack.appUrl}/sources/bigcommerce/webhooks/${DEMO_STORE}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-fortnox-sync-secret': 'guess' },
      body: JSON.stringify({ scope: 'store/order/created', data: { type: 'order', id: 1 }, hash: 'x' }),
    });
    expect(res.status).to.equal(401);
  });
});
