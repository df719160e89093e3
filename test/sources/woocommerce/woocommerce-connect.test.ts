import { expect } from 'chai';
import { wooClient } from '../../../src/sources/woocommerce/client.ts';
import { formToken } from '../../../src/web/admin-auth.ts';
import { startWooHarness, type WooHarness } from './harness.ts';

/**
 * Connecting a WooCommerce shop from the dashboard: a form in the console's frame; a key the shop
 * refuses is a plain 400 and stores nothing; a good key is stored encrypted and the shop's
 * webhooks point at this service at once.
 */
describe('WooCommerce connect page', function () {
  this.timeout(90_000);
  let w: WooHarness;
  before(async () => {
    w = await startWooHarness();
  });
  after(async () => w?.stop());

  const post = (fields: Record<string, string>) =>
    fetch(`${w.h.stack.appUrl}/sources/woocommerce/connect`, {
      method: 'POST',
      body: new URLSearchParams({ token: formToken(w.h.stack.config), ...fields }),
    });
  const stored = async (key: string) =>
    (
      await w.h.db.pool.query<{ credentials_enc: string | null }>(
        `SELECT credentials_enc FROM source_connections WHERE system = 'woocommerce' AND key = $1`,
        [key],
      )
    ).rows[0];

  it('shows a form for the shop address and key', async () => {
    const res = await fetch(`${w.h.stack.appUrl}/sources/woocommerce/connect`);
    expect(res.status).to.equal(200);
    expect(await res.text())
      .to.contain('name="url"')
      .and.contain('name="consumerSecret"')
      .and.contain('name="token"');
  });

  it('a key the shop refuses is a plain 400 and nothing is stored', async () => {
    const res = await post({ key: 'refused', url: w.woo.url, consumerKey: 'ck_demo', consumerSecret: 'cs_wrong' });
    expect(res.status).to.equal(400);
    expect(await res.text()).to.contain('WooCommerce did not accept this key');
    expect(await stored('refused')).to.equal(undefined);
  });

  it('a good key is stored encrypted and the shop’s webhooks point here', async () => {
    const res = await post({ key: 'shop2', url: w.woo.url, consumerKey: 'ck_demo', consumerSecret: 'cs_demo' });
    expect(res.status, await res.clone().text()).to.equal(200);
    expect((await stored('shop2'))?.credentials_enc)
      .to.be.a('string')
      .and.not.contain('cs_demo');
    const api = wooClient({
      url: w.woo.url,
      consumerKey: 'ck_demo',
      consumerSecret: 'cs_demo',
      webhookSecret: 'x'.repeat(8),
    });
    const hooks = (await api.get('webhooks', { per_page: 100 })).data as { delivery_url: string; status: string }[];
    const ours = hooks.filter((h) => h.delivery_url.endsWith('/sources/woocommerce/webhook/shop2'));
    expect(ours.map((h) => h.status)).to.deep.equal(['active', 'active', 'active']);
  });
});
