import { expect } from 'chai';
import { deriveKey } from '../../../src/core/crypto.ts';
import { connectionDirectory } from '../../../src/db/source-connections.repo.ts';
import { parseConnectionSettings } from '../../../src/sources/source-set.ts';
import { type CtHarness, PROJECT, startCtHarness } from './harness.ts';

/**
 * The console's form to connect a commercetools project: the API client is checked with a real
 * token request and a real read of the project's orders, problems are named on the form (values
 * kept, never the secret), and a good client is stored encrypted as the connection of that project.
 */
describe('commercetools connect form', function () {
  this.timeout(60_000);
  let w: CtHarness;
  let token: string;
  before(async () => {
    w = await startCtHarness({ worker: false });
    w.ct.addClient({ id: 'orders-only', secret: 'orders-only-secret', scopes: [`view_orders:${PROJECT}`] });
  });
  after(async () => w?.stop());

  const app = () => w.h.stack.appUrl;
  const post = (fields: Record<string, string>) =>
    fetch(`${app()}/sources/commercetools/connect-form`, {
      method: 'POST',
      body: new URLSearchParams({ token, region: 'custom', apiUrl: w.ct.url, authUrl: w.ct.url, ...fields }),
      redirect: 'manual',
    });
  const stored = async () =>
    (
      await w.h.db.pool.query<{ credentials_enc: string | null }>(
        `SELECT credentials_enc FROM source_connections WHERE system = 'commercetools' AND key = $1`,
        [PROJECT],
      )
    ).rows[0]?.credentials_enc ?? null;

  it('is linked from Connections and asks for project key, region or hosts, client id, secret and scopes', async () => {
    const connections = await (await fetch(`${app()}/connections`)).text();
    expect(connections).to.contain('href="/sources/commercetools/connect"');
    const page = await (await fetch(`${app()}/sources/commercetools/connect`)).text();
    expect(page).to.contain('<h1>Connect a commercetools project</h1>');
    for (const name of ['projectKey', 'region', 'apiUrl', 'authUrl', 'clientId', 'clientSecret', 'scopes'])
      expect(page).to.contain(`name="${name}"`);
    token = /name="token" value="([^"]+)"/.exec(page)![1]!;
  });

  it('names the problem on the form and stores nothing: bad input, a wrong secret, missing scopes', async () => {
    const forged = await post({ token: 'nope', projectKey: PROJECT, clientId: 'demo-client', clientSecret: 'x' });
    expect(forged.status).to.equal(403);

    const hosts = await post({ projectKey: PROJECT, region: 'custom', apiUrl: '', clientId: 'a', clientSecret: 'b' });
    expect(await hosts.text()).to.contain('with &quot;other hosts&quot;, give both the API URL and the auth URL');

    const wrong = await post({ projectKey: PROJECT, clientId: 'demo-client', clientSecret: 'typed-wrong-secret' });
    expect(wrong.status).to.equal(400);
    const html = await wrong.text();
    expect(html).to.contain('commercetools did not accept this client id and secret');
    expect(html).to.contain(`value="${PROJECT}"`).and.not.to.contain('typed-wrong-secret');

    const narrow = await post({ projectKey: PROJECT, clientId: 'orders-only', clientSecret: 'orders-only-secret' });
    const missing = await narrow.text();
    expect(missing).to.contain('The API client lacks scopes the sync needs');
    expect(missing)
      .to.contain(`manage_orders:${PROJECT}`)
      .and.contain(`view_payments:${PROJECT}`)
      .and.contain(`view_messages:${PROJECT}`);

    const elsewhere = await post({ projectKey: 'other-shop', clientId: 'demo-client', clientSecret: 'demo-secret' });
    expect(await elsewhere.text()).to.contain('manage_orders:other-shop');
    expect(await stored()).to.equal(null);
  });

  it('a good API client is checked, stored encrypted and connected; the JSON route says the same', async () => {
    const ok = await post({
      projectKey: PROJECT,
      label: 'Webshop',
      clientId: 'demo-client',
      clientSecret: 'demo-secret',
    });
    expect(ok.status).to.equal(303);
    expect(ok.headers.get('location')).to.contain('/connections?notice=');
    const encrypted = await stored();
    expect(encrypted).to.be.a('string').and.not.contain('demo-secret');
    const connections = connectionDirectory(
      w.h.db.pool,
      deriveKey(w.h.stack.config.ENCRYPTION_KEY),
      parseConnectionSettings,
    );
    const connection = await connections.get('commercetools', PROJECT);
    expect(connection?.label).to.equal('Webshop');
    expect(connection?.credentials).to.deep.include({
      projectKey: PROJECT,
      clientId: 'demo-client',
      clientSecret: 'demo-secret',
      apiUrl: w.ct.url,
    });
    const json = await fetch(`${app()}/sources/commercetools/connect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        projectKey: PROJECT,
        region: 'custom',
        apiUrl: w.ct.url,
        authUrl: w.ct.url,
        clientId: 'demo-client',
        clientSecret: 'nope',
      }),
    });
    expect(json.status).to.equal(400);
    expect(await json.json()).to.deep.include({ error: 'invalid_client' });
  });
});
