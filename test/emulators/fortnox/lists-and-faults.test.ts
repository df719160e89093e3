import { expect } from 'chai';
import { stockholmDateTime } from '../../../emulators/fortnox/clock.ts';
import { at, startTestEmulator, type TestEmulator } from './helpers.ts';

describe('Fortnox emulator: lists, search and faults', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator({ rateLimit: { enabled: false } });
    await t.api('POST', '/3/customers', { Customer: { Name: 'Acme AB' } });
  });
  afterEach(async () => {
    await t.close();
  });

  const count = async (path: string): Promise<unknown> =>
    at((await t.api('GET', path)).json, 'MetaInformation', '@TotalResources');

  it('searches case-insensitively by substring (so clients must post-filter for equality)', async () => {
    await t.api('POST', '/3/invoices', { Invoice: { CustomerNumber: '1', ExternalInvoiceReference1: 'sf-006ABC' } });
    await t.api('POST', '/3/invoices', { Invoice: { CustomerNumber: '1', ExternalInvoiceReference1: 'sf-006ABCD' } });
    expect(await count('/3/invoices?externalinvoicereference1=006abc')).to.equal(2);
    expect(await count('/3/invoices?externalinvoicereference1=006ABCD')).to.equal(1);
  });

  it('refuses uppercase or unknown parameters (2000588) and bad or double filters (2000587)', async () => {
    expect(at((await t.api('GET', '/3/invoices?Filter=unbooked')).json, 'ErrorInformation', 'code')).to.equal(2000588);
    expect(at((await t.api('GET', '/3/invoices?colour=red')).json, 'ErrorInformation', 'code')).to.equal(2000588);
    expect(at((await t.api('GET', '/3/invoices?filter=nope')).json, 'ErrorInformation', 'code')).to.equal(2000587);
    expect((await t.api('GET', '/3/invoices?filter=unpaid&filter=cancelled')).status).to.equal(400);
    expect((await t.api('GET', '/3/currencies?lastmodified=2024-01-01')).status).to.equal(400);
  });

  it('pages with limit/page and filters by lastmodified in Stockholm time', async () => {
    for (let i = 0; i < 4; i++) await t.api('POST', '/3/customers', { Customer: { Name: `C${i}` } });
    const page = (await t.api('GET', '/3/customers?limit=2&page=2')).json;
    expect(at(page, 'MetaInformation')).to.deep.equal({ '@TotalResources': 5, '@TotalPages': 3, '@CurrentPage': 2 });
    t.emu.advanceClock(120_000);
    const since = stockholmDateTime(t.emu.now()).slice(0, 16);
    t.emu.advanceClock(60_000);
    await t.api('PUT', '/3/customers/2', { Customer: { Name: 'Changed' } });
    expect(await count(`/3/customers?lastmodified=${encodeURIComponent(since)}`)).to.equal(1);
  });

  it('commit-then-fail stores the write although the client saw a 500', async () => {
    t.emu.injectFault({ kind: 'commit-then-fail' });
    const a = await t.api('POST', '/3/invoices', {
      Invoice: { CustomerNumber: '1', ExternalInvoiceReference1: 'opp-1' },
    });
    expect(a.status).to.equal(500);
    expect(await count('/3/invoices?externalinvoicereference1=opp-1')).to.equal(1);
  });

  it('commit-then-fail can drop the connection instead', async () => {
    t.emu.injectFault({ kind: 'commit-then-fail', then: 'drop' });
    let failed = false;
    await t
      .api('POST', '/3/invoices', { Invoice: { CustomerNumber: '1', ExternalInvoiceReference1: 'opp-2' } })
      .catch(() => {
        failed = true;
      });
    expect(failed).to.equal(true);
    expect(await count('/3/invoices?externalinvoicereference1=opp-2')).to.equal(1);
  });

  it('fails the next N requests with 503 without storing, then behaves', async () => {
    t.emu.injectFault({ kind: 'status', status: 503, count: 2 });
    expect((await t.api('POST', '/3/customers', { Customer: { Name: 'Lost' } })).status).to.equal(503);
    expect((await t.api('GET', '/3/customers')).status).to.equal(503);
    expect(await count('/3/customers?name=Lost')).to.equal(0);
  });

  it('refuses a write with a 400 in Fortnox’s envelope on demand, without storing it', async () => {
    t.emu.injectFault({ kind: 'status', status: 400, method: 'POST', pathPrefix: '/3/customers' });
    const refused = await t.api('POST', '/3/customers', { Customer: { Name: 'Refused' } });
    expect(refused.status).to.equal(400);
    expect(at(refused.json, 'ErrorInformation', 'code')).to.equal(2000588);
    expect(await count('/3/customers?name=Refused')).to.equal(0);
  });

  it('hangs a request until the client gives up, and forces 429s on demand', async () => {
    t.emu.injectFault({ kind: 'hang' });
    const hung = await fetch(`${t.emu.url}/3/customers`, {
      headers: { Authorization: `Bearer ${t.token}` },
      signal: AbortSignal.timeout(200),
    }).then(
      () => 'answered',
      () => 'aborted',
    );
    expect(hung).to.equal('aborted');
    t.emu.injectFault({ kind: 'rate-limit' });
    expect((await t.api('GET', '/3/customers')).status).to.equal(429);
    expect(t.emu.stats(1001)).to.have.property('rateLimited', 1);
  });

  it('offers the same levers over HTTP under /__control', async () => {
    const post = (p: string, b: unknown): Promise<Response> =>
      fetch(`${t.emu.url}/__control${p}`, { method: 'POST', body: JSON.stringify(b) });
    expect((await post('/faults', { kind: 'status', status: 500 })).status).to.equal(200);
    expect((await t.api('GET', '/3/customers')).status).to.equal(500);
    const tok = await (await post('/tokens', { tenantId: 1001 })).json();
    expect((await t.api('GET', '/3/customers', undefined, String(at(tok, 'access_token')))).status).to.equal(200);
    const stats = await (await fetch(`${t.emu.url}/__control/stats?tenantId=1001`)).json();
    expect(at(stats, 'byStatus', '500')).to.equal(1);
  });
});
