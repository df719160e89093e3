import { expect } from 'chai';
import type { WooCommerceEmulator } from '../../../emulators/woocommerce/index.ts';
import { admin, client, raw, signedUrl, start } from './helpers.ts';

/** Authentication as WC_REST_Authentication does it: OAuth 1.0a over HTTP, Basic only over HTTPS. */

async function get(url: string): Promise<{ status: number; body: { code?: string; message?: string } }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as { code?: string; message?: string } };
}

describe('WooCommerce emulator: authentication', () => {
  let emu: WooCommerceEmulator;
  beforeEach(async () => {
    emu = await start();
  });
  afterEach(async () => {
    await emu.close();
  });

  it('accepts the official client, which signs plain-HTTP requests with OAuth 1.0a', async () => {
    const seen = emu.stats.next((r) => r.path.includes('/products'));
    const res = await client(emu).get('products', { per_page: 2 });
    expect(res.status).to.equal(200);
    expect((await seen).path).to.match(/oauth_signature_method=HMAC-SHA256/);
    expect((await seen).path).to.not.match(/consumer_secret|cs_demo/);
  });

  it('refuses a request whose parameters changed after signing', async () => {
    const url = signedUrl(emu, 'GET', '/orders', { params: { per_page: '5' } });
    const answer = await get(url.replace('per_page=5', 'per_page=50'));
    expect(answer.status).to.equal(401);
    expect(answer.body).to.deep.include({
      code: 'woocommerce_rest_authentication_error',
      message: 'Invalid signature - provided signature does not match.',
    });
  });

  it('refuses a signature made with another secret, and an unknown consumer key', async () => {
    expect((await get(signedUrl(emu, 'GET', '/orders', { secret: 'cs_wrong' }))).body.message).to.equal(
      'Invalid signature - provided signature does not match.',
    );
    expect((await get(signedUrl(emu, 'GET', '/orders', { key: 'ck_nobody' }))).body.message).to.equal(
      'Consumer key is invalid.',
    );
  });

  // 16 minutes off is refused, 14 accepted: margins wide enough that a second passing mid-test changes nothing.
  it('refuses timestamps more than 15 minutes off, either way', async () => {
    const now = Math.floor(emu.clock.now() / 1000);
    expect((await get(signedUrl(emu, 'GET', '/orders', { ts: now - 960 }))).body.message).to.equal(
      'Invalid timestamp.',
    );
    expect((await get(signedUrl(emu, 'GET', '/orders', { ts: now + 960 }))).body.message).to.equal(
      'Invalid timestamp.',
    );
    expect((await get(signedUrl(emu, 'GET', '/orders', { ts: now - 840 }))).status).to.equal(200);
  });

  it('refuses the official client once the shop’s clock is 16 minutes ahead of it', async () => {
    emu.advanceClock(16 * 60_000);
    const failure = await client(emu)
      .get('orders')
      .catch((e: { response?: { status: number; data: { message: string } } }) => e.response);
    expect(failure?.status).to.equal(401);
    expect(failure?.data.message).to.equal('Invalid timestamp.');
  });

  it('refuses a replayed request (its nonce was used), including one the official client sent', async () => {
    const url = signedUrl(emu, 'GET', '/orders');
    expect((await get(url)).status).to.equal(200);
    expect((await get(url)).body.message).to.equal('Invalid nonce - nonce has already been used.');

    const sent = emu.stats.next((r) => r.path.startsWith('/wp-json/wc/v3/customers'));
    await client(emu).get('customers');
    expect((await get(`${emu.url}${(await sent).path}`)).body.message).to.equal(
      'Invalid nonce - nonce has already been used.',
    );
  });

  it('forgets a nonce when a later request carries the same timestamp (WooCommerce keys nonces by timestamp)', async () => {
    const ts = Math.floor(emu.clock.now() / 1000);
    const first = signedUrl(emu, 'GET', '/orders', { ts, nonce: 'nonce-one' });
    expect((await get(first)).status).to.equal(200);
    expect((await get(signedUrl(emu, 'GET', '/orders', { ts, nonce: 'nonce-two' }))).status).to.equal(200);
    expect((await get(first)).status).to.equal(200);

    const strict = await start({ quirks: { nonceStore: 'all' } });
    try {
      const again = signedUrl(strict, 'GET', '/orders', { ts, nonce: 'nonce-one' });
      await get(again);
      await get(signedUrl(strict, 'GET', '/orders', { ts, nonce: 'nonce-two' }));
      expect((await get(again)).status).to.equal(401);
    } finally {
      await strict.close();
    }
  });

  it('names the OAuth parameters that are missing', async () => {
    const url = new URL(signedUrl(emu, 'GET', '/orders'));
    url.searchParams.delete('oauth_nonce');
    url.searchParams.delete('oauth_timestamp');
    const answer = await get(url.toString());
    expect(answer.status).to.equal(401);
    expect(answer.body).to.deep.include({
      code: 'woocommerce_rest_authentication_missing_parameter',
      message: 'Missing OAuth parameters oauth_timestamp, oauth_nonce',
    });
  });

  it('ignores Basic auth over plain HTTP, and honours it (and query keys) over HTTPS', async () => {
    const plain = await raw(emu, 'GET', '/orders', { basic: [emu.consumerKey, emu.consumerSecret] });
    expect(plain.status).to.equal(401);
    expect(plain.json).to.deep.equal({
      code: 'woocommerce_rest_cannot_view',
      message: 'Sorry, you cannot list resources.',
      data: { status: 401 },
    });
    expect((await admin(emu, 'GET', '/orders')).status).to.equal(200);
    const query = `/orders?consumer_key=${emu.consumerKey}&consumer_secret=${emu.consumerSecret}`;
    expect((await raw(emu, 'GET', query, { https: true })).status).to.equal(200);
    const wrong = await raw(emu, 'GET', '/orders', { https: true, basic: [emu.consumerKey, 'cs_wrong'] });
    expect(wrong.status).to.equal(401);
    expect(wrong.json).to.deep.include({ message: 'Consumer secret is invalid.' });
  });

  it('lets a read-only key read but not write', async () => {
    const readOnly = await start({
      keys: [{ consumerKey: 'ck_read', consumerSecret: 'cs_read', permissions: 'read' }],
    });
    try {
      const api = client(readOnly, 'ck_read', 'cs_read');
      expect((await api.get('orders')).status).to.equal(200);
      const refused = await api
        .post('customers', { email: 'x@example.com' })
        .catch((e: { response?: { status: number; data: { message: string } } }) => e.response);
      expect(refused?.status).to.equal(401);
      expect(refused?.data.message).to.equal('The API key provided does not have write permissions.');
    } finally {
      await readOnly.close();
    }
  });

  it('answers the index without authentication and unknown routes with rest_no_route', async () => {
    expect((await raw(emu, 'GET', '/wp-json/wc/v3')).status).to.equal(200);
    const missing = await admin(emu, 'GET', '/wp-json/wc/v3/nothing-here');
    expect(missing.status).to.equal(404);
    expect(missing.json).to.deep.include({ code: 'rest_no_route' });
  });
});
