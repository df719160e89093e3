import { expect } from 'chai';
import type { SalesforceEmulator } from '../../../emulators/salesforce/index.ts';
import { login, startEmulator } from './helpers.ts';

describe('Salesforce emulator: /__control on the kit', () => {
  let sf: SalesforceEmulator;
  beforeEach(async () => {
    sf = await startEmulator();
  });
  afterEach(async () => {
    await sf.close();
  });
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${sf.url}/__control${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  it('applies kit faults to REST calls in Salesforce’s error shape and counts calls per org', async () => {
    const conn = await login(sf);
    expect((await control('POST', '/faults', { kind: 'status', status: 503, count: 1 })).status).to.equal(200);
    // A POST: jsforce itself retries a GET answered with a 5xx.
    const failed = await conn
      .sobject('Account')
      .create({ Name: 'x' })
      .catch((e: unknown) => e);
    expect(failed).to.include({ errorCode: 'SERVER_UNAVAILABLE' });
    await control('POST', '/faults', { kind: 'rate-limit', count: 1, method: 'GET' });
    expect(await Promise.resolve(conn.query('SELECT Id FROM Account')).catch((e: unknown) => e)).to.include({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
    });
    expect((await conn.query('SELECT Id FROM Account')).totalSize).to.be.a('number');
    const stats = (await (await control('GET', '/stats')).json()) as { total: { requests: number; byStatus: object } };
    expect(stats.total.requests).to.equal(3);
    expect(stats.total.byStatus).to.deep.equal({ 200: 1, 403: 1, 503: 1 });
  });

  it('keeps Salesforce’s budget body on POST /faults and clears everything with DELETE', async () => {
    const conn = await login(sf);
    expect((await control('POST', '/faults', { serverErrors: 1, serverErrorStatus: 500 })).status).to.equal(204);
    expect(sf.handle.faults.serverErrors).to.equal(1);
    expect(
      await conn
        .sobject('Account')
        .create({ Name: 'x' })
        .catch((e: unknown) => e),
    ).to.include({
      errorCode: 'UNKNOWN_EXCEPTION',
    });
    await control('POST', '/faults', { lockNextWrites: 1, requestLimitExceeded: 2 });
    expect((await control('DELETE', '/faults')).status).to.equal(204);
    expect([sf.handle.faults.requestLimitExceeded, sf.handle.faults.lockNextWrites]).to.deep.equal([0, 0]);
    const state = (await (await control('GET', '/state')).json()) as { now: string; faults: unknown[] };
    expect(state.faults).to.deep.equal([]);
    expect(Date.parse(state.now)).to.be.closeTo(sf.handle.clock.now(), 5_000);
  });
});
