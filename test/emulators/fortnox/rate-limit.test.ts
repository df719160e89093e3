import { expect } from 'chai';
import { startTestEmulator, type TestEmulator } from './helpers.ts';

describe('Fortnox emulator: rate limit and request counting', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(async () => {
    await t.close();
  });

  it('answers the 26th request inside 5 s with 429, and recovers once the window has passed', async () => {
    for (let i = 0; i < 25; i++) expect((await t.api('GET', '/3/customers')).status).to.equal(200);
    const limited = await t.api('GET', '/3/customers');
    expect(limited.status).to.equal(429);
    expect(limited.json).to.deep.equal({ message: 'Too Many Requests' });
    t.emu.advanceClock(5001);
    expect((await t.api('GET', '/3/customers')).status).to.equal(200);
    const stats = t.emu.stats(1001);
    expect(stats).to.include({ requests: 27, rateLimited: 1 });
  });

  it('limits per tenant: another company is not slowed down', async () => {
    t.emu.createTenant({ tenantId: 2002, name: 'Other AB' });
    const other = t.emu.mintToken({ tenantId: 2002 }).access_token;
    for (let i = 0; i < 26; i++) await t.api('GET', '/3/customers');
    expect((await t.api('GET', '/3/customers', undefined, other)).status).to.equal(200);
  });

  it('takes its window and maximum from the options', async () => {
    t.emu.setRateLimit({ max: 2, windowMs: 1000 });
    await t.api('GET', '/3/units');
    await t.api('GET', '/3/units');
    expect((await t.api('GET', '/3/units')).status).to.equal(429);
  });
});
