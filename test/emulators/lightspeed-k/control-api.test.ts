import { expect } from 'chai';
import { z } from 'zod';
import { salesOf, startTestEmulator, type TestEmulator } from './helpers.ts';

const Rung = z.object({
  location: z.number(),
  businessDate: z.string(),
  sale: z.object({ accountFiscId: z.string() }),
});
const Day = z.object({ date: z.string(), closed: z.boolean(), dataComplete: z.boolean(), sales: z.number() });

/** The same levers from another process: what the demo, the bench and the fault suite use. */
describe('Lightspeed emulator: the /__control API', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator({ clockStart: '2026-06-10T12:00:00+02:00' });
  });
  afterEach(async () => {
    await t.close();
  });
  async function post(path: string, body: unknown): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${t.emu.url}/__control${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  }

  it('rings up, returns, closes the day, moves the clock and reads the day', async () => {
    const rung = Rung.parse(
      (
        await post('/sales', {
          register: 'Kassa 2',
          lines: [{ sku: '102', quantity: 2 }],
          payments: [{ method: 'SWISH' }],
        })
      ).json,
    );
    expect(rung.businessDate).to.equal('2026-06-10');
    expect((await post('/returns', { sale: rung.sale.accountFiscId })).status).to.equal(200);
    expect(Day.parse((await post('/days/close', {})).json)).to.include({
      date: '2026-06-10',
      closed: true,
      dataComplete: false,
      sales: 2,
    });
    await post('/clock/advance', { seconds: 16 * 60 });
    const day = Day.parse(await (await fetch(`${t.emu.url}/__control/days?date=2026-06-10`)).json());
    expect(day.dataComplete).to.equal(true);
    const api = salesOf((await t.get(`/f/v2/business-location/${t.loc}/sales-daily?date=2026-06-10`)).json);
    expect(api.map((s) => s.type)).to.deep.equal(['SALE', 'REFUND']);
  });

  it('explains a refused sale in plain words', async () => {
    const r = await post('/sales', { lines: [{ sku: '999' }], payments: [{ method: 'CARD' }] });
    expect(r.status).to.equal(400);
    expect(z.object({ error: z.string() }).parse(r.json).error).to.contain('no item with sku “999”');
  });

  it('mints, expires and revokes tokens, and adds a location the API then lists', async () => {
    const pair = z.object({ access_token: z.string() }).parse((await post('/tokens', {})).json);
    expect((await t.get('/f/data/businesses', pair.access_token)).status).to.equal(200);
    expect(
      z.object({ expired: z.number() }).parse((await post('/tokens/expire', { kind: 'access' })).json).expired,
    ).to.be.greaterThan(0);
    expect((await t.get('/f/data/businesses', pair.access_token)).status).to.equal(401);
    const added = await post('/locations', {
      business: t.emu.demo.businessId,
      blName: 'Kaffebaren Hornstull',
      registers: ['Kassa A'],
    });
    expect(added.status).to.equal(200);
    expect(JSON.stringify((await t.get('/f/data/businesses')).json)).to.contain('Kaffebaren Hornstull');
  });

  it('arms a fault for the API over HTTP and counts requests per location', async () => {
    expect((await post('/faults', { kind: 'status', status: 500, pathPrefix: '/f/v2', count: 1 })).status).to.equal(
      200,
    );
    expect((await t.get(`/f/v2/business-location/${t.loc}/sales-daily?date=2026-06-10`)).status).to.equal(500);
    expect((await t.get(`/f/v2/business-location/${t.loc}/sales-daily?date=2026-06-10`)).status).to.equal(200);
    const stats = z
      .object({ requests: z.number() })
      .parse(await (await fetch(`${t.emu.url}/__control/stats?scope=${t.loc}`)).json());
    expect(stats.requests).to.equal(2);
  });
});
