import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { silentLogger } from '../../../src/core/logger.ts';
import { connectRoutes } from '../../../src/sources/lightspeed-k/connect.ts';
import { startVoucherWorld, type VoucherWorld } from '../../sink/voucher-helpers.ts';
import { type LightspeedWorld, LOCATION_ID, startLightspeedWorld } from './helpers.ts';

const PASSWORD = 'an admin password';
const auth = { Authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` };

/** Connecting a location from the dashboard: our connect page → the emulator's consent page → our callback. */
describe('Lightspeed OAuth connect', function () {
  this.timeout(60_000);
  let w: VoucherWorld;
  let l: LightspeedWorld;
  let base: string;
  let server: ReturnType<express.Express['listen']>;
  before(async () => {
    w = await startVoucherWorld();
    l = await startLightspeedWorld(w);
    const services = {
      ...l.services,
      logger: silentLogger,
      config: { ...l.services.config, APP_SECRET: w.h.config.APP_SECRET, ADMIN_PASSWORD: PASSWORD },
    };
    const app = express();
    const router = express.Router();
    connectRoutes(router, services, () => l.ls.now());
    app.use('/sources/lightspeed', router);
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sources/lightspeed`;
  });
  after(async () => {
    server?.close();
    await l?.close();
    await w?.close();
  });

  /** Our connect page's redirect, the consent page's answer (approve or deny), and where it sends the browser. */
  async function consent(key: string, decision: 'approve' | 'deny'): Promise<string> {
    const start = await fetch(`${base}/connect?key=${key}`, { headers: auth, redirect: 'manual' });
    expect(start.status).to.equal(302);
    const authorize = start.headers.get('location')!;
    expect(authorize.startsWith(`${l.ls.url}/oauth/authorize?`)).to.equal(true);
    expect(new URL(authorize).searchParams.get('scope')).to.equal('financial-api');
    const page = await (await fetch(authorize)).text();
    expect(page).to.contain('financial-api'); // the consent page, as a person sees it
    const query = new URL(authorize).searchParams.toString(); // what its form carries back
    const answer = await fetch(`${l.ls.url}/oauth/authorize`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query, decision }),
      redirect: 'manual',
    });
    expect(answer.status).to.equal(302);
    return answer.headers.get('location')!;
  }

  it('asks for the dashboard password', async () => {
    expect((await fetch(`${base}/connect?key=x`, { redirect: 'manual' })).status).to.equal(401);
  });

  it('connects the location: the token pair is stored encrypted and its days can be read', async () => {
    const callback = await consent('kassa-ny', 'approve');
    expect(callback.startsWith(`${base}/callback?`)).to.equal(true);
    const done = await fetch(callback, { headers: auth });
    expect(done.status).to.equal(200);
    expect(await done.text())
      .to.contain('Lightspeed connected')
      .and.contain('Kaffebaren Götgatan');
    const connection = (await l.services.connections.get('lightspeed', 'kassa-ny'))!;
    expect((connection.settings as { businessLocationId: number }).businessLocationId).to.equal(LOCATION_ID);
    expect((connection.credentials as { refreshToken: string }).refreshToken)
      .to.be.a('string')
      .with.length.above(10);
    const { rows } = await w.h.db.pool.query(
      `SELECT credentials_enc FROM source_connections WHERE system = 'lightspeed' AND key = 'kassa-ny'`,
    );
    expect(String(rows[0].credentials_enc)).to.not.contain(
      (connection.credentials as { accessToken: string }).accessToken,
    );
    const ref = { system: 'lightspeed', connection: 'kassa-ny', object: 'day', id: l.ls.day().date };
    const read = await l.runtime.readVoucher!(
      { connection, logger: silentLogger, signal: new AbortController().signal },
      ref,
    );
    expect(read.kind === 'blocked' ? read.code : read.kind).to.not.equal('lightspeed_not_connected');
  });

  it('says plainly when access was not allowed, and stores nothing', async () => {
    const callback = await consent('kassa-nej', 'deny');
    const res = await fetch(callback, { headers: auth });
    expect(res.status).to.equal(400);
    expect(await res.text()).to.contain('Access was not allowed in Lightspeed');
    expect(await l.services.connections.get('lightspeed', 'kassa-nej')).to.equal(undefined);
  });

  it('refuses a callback whose state is not ours', async () => {
    const res = await fetch(`${base}/callback?code=abc&state=forged.state`, { headers: auth });
    expect(res.status).to.equal(400);
    expect(await res.text()).to.contain('not ours or has expired');
  });
});
