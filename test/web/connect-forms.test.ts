import { expect } from 'chai';
import { type SyncHarness, startSyncHarness } from '../sync/harness.ts';

/** Connect pages the console links to: a form over each source's connect, with the named problem on it. */
describe('console: connect forms', function () {
  this.timeout(60_000);
  let h: SyncHarness;
  before(async () => {
    h = await startSyncHarness();
  });
  after(async () => h?.stop());

  it('Connections links the BigCommerce form; a bad store hash is named on the form and nothing is stored', async () => {
    const connections = await (await fetch(`${h.stack.appUrl}/connections`)).text();
    expect(connections).to.contain('href="/sources/bigcommerce/connect"');
    const page = await (await fetch(`${h.stack.appUrl}/sources/bigcommerce/connect`)).text();
    expect(page).to.contain('<h1>Connect a BigCommerce store</h1>');
    const token = /name="token" value="([^"]+)"/.exec(page)![1]!;
    const post = (fields: Record<string, string>) =>
      fetch(`${h.stack.appUrl}/sources/bigcommerce/connect-form`, {
        method: 'POST',
        body: new URLSearchParams(fields),
        redirect: 'manual',
      });
    const forged = await post({ token: 'nope', key: 'shop', storeHash: 'abc', accessToken: 't' });
    expect(forged.status).to.equal(403);
    const bad = await post({ token, key: 'shop', storeHash: 'not/a/hash', accessToken: 'secret-typed-token' });
    expect(bad.status).to.equal(400);
    const html = await bad.text();
    expect(html).to.contain('storeHash: the store hash from the API path');
    expect(html).to.contain('value="shop"').and.not.to.contain('secret-typed-token');
    const stored = await h.db.pool.query(
      `SELECT 1 FROM source_connections WHERE system = 'bigcommerce' AND key = 'shop'`,
    );
    expect(stored.rowCount).to.equal(0);
  });
});
