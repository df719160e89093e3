import { expect } from 'chai';
import { z } from 'zod';
import { daySales, startTestEmulator, type TestEmulator } from './helpers.ts';

const ErrorBody = z.object({ error: z.string() });
const ErrorResponse = z.object({
  timestamp: z.string(),
  path: z.string(),
  status: z.number(),
  error: z.string(),
  requestId: z.string(),
});
const Page = z.object({
  sales: z.array(z.object({ accountFiscId: z.string() })),
  nextPageToken: z.string().optional(),
});

describe('Lightspeed emulator: request rules of the Financial API', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator({ clockStart: '2026-06-10T12:00:00+02:00' });
  });
  afterEach(async () => {
    await t.close();
  });
  const bad = async (path: string): Promise<string> => {
    const a = await t.get(path);
    expect(a.status, path).to.equal(400);
    return ErrorBody.parse(a.json).error;
  };
  const daily = (q: string): string => `/f/v2/business-location/${t.loc}/sales-daily${q}`;
  const range = (q: string): string => `/f/v2/business-location/${t.loc}/sales${q}`;

  it('answers 400 {"error"} for a missing or malformed date', async () => {
    expect(await bad(daily(''))).to.equal(
      "Required request parameter 'date' for method parameter type LocalDate is not present",
    );
    expect(await bad(daily('?date=12/12/2023'))).to.equal('Invalid date format: 12/12/2023');
    expect(await bad(daily('?date=2026-02-30'))).to.equal('Invalid date format: 2026-02-30');
    expect(await bad(range('?from=2026-06-10'))).to.equal('Invalid date format: 2026-06-10');
    expect(await bad(range('?from=2026-06-10T10:00:00Z&to=2026-06-01T00:00:00Z'))).to.match(
      /^Invalid date range: 'from' date/,
    );
    expect(await bad(range('?from=2025-01-01T00:00:00Z&to=2026-06-01T00:00:00Z'))).to.match(/365 days/);
  });

  it('answers 403 for a location the token cannot see and 400 for an id that is not a number', async () => {
    const other = await t.get('/f/v2/business-location/999999/sales-daily?date=2026-06-10');
    expect(other.status).to.equal(403);
    expect(ErrorResponse.parse(other.json).status).to.equal(403);
    expect((await t.get('/f/finance/abc/paymentMethods')).status).to.equal(400);
  });

  it('leaves payments and the customer out unless include asks for them', async () => {
    t.emu.ringUp({
      lines: [{ sku: '103' }],
      payments: [{ method: 'INVOICE', customer: { companyName: 'Lind Konsult AB' } }],
    });
    const plain = daySales((await t.get(daily('?date=2026-06-10'))).json).sales[0] ?? {};
    expect(plain).to.not.have.property('payments');
    expect(plain).to.not.have.property('ownerName');
    const withPayments = daySales((await t.get(daily('?date=2026-06-10&include=payments'))).json).sales[0] ?? {};
    expect(JSON.stringify(withPayments.payments)).to.not.contain('consumer');
    const full = daySales((await t.get(daily('?date=2026-06-10&include=payments,consumer'))).json).sales[0] ?? {};
    expect(JSON.stringify(full.payments)).to.contain('"companyName":"Lind Konsult AB"');
  });

  it('pages sales by timeClosed, at most 100 a page, without gaps or repeats', async () => {
    for (let i = 0; i < 120; i++) {
      t.emu.ringUp({ register: (i % 2) + 1, lines: [{ sku: '101' }], payments: [{ method: 'CARD' }] });
      t.emu.advanceClock(1000);
    }
    const from = '2026-06-10T00:00:00Z';
    const seen: string[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const q = `?from=${from}&pageSize=500${next ? `&nextPageToken=${next}` : ''}`;
      const page = Page.parse((await t.get(range(q))).json);
      expect(page.sales.length).to.be.at.most(100);
      seen.push(...page.sales.map((s) => s.accountFiscId));
      next = page.nextPageToken;
      pages++;
    } while (next);
    expect(pages).to.equal(2);
    expect(new Set(seen).size).to.equal(120);
    const firstPage = Page.parse((await t.get(range(`?from=${from}`))).json);
    expect(firstPage.sales).to.have.length(50);
    expect(await bad(range(`?from=2026-06-09T00:00:00Z&nextPageToken=${firstPage.nextPageToken}`))).to.equal(
      'Invalid nextPageToken',
    );
  });

  it('answers an injected outage in the documented 500 shape, then recovers', async () => {
    t.emu.injectFault({ kind: 'status', status: 503, pathPrefix: '/f/v2', count: 1 });
    const down = await t.get(daily('?date=2026-06-10'));
    expect(down.status).to.equal(503);
    expect(ErrorResponse.parse(down.json).status).to.equal(503);
    expect((await t.get(daily('?date=2026-06-10'))).status).to.equal(200);
  });

  it('limits requests per client when a limit is set (off by default: K-Series documents none)', async () => {
    t.emu.setRateLimit({ enabled: true, max: 2, windowMs: 60_000 });
    expect((await t.get('/f/data/businesses', t.token)).status).to.equal(200);
    expect((await t.get('/f/data/businesses', t.token)).status).to.equal(200);
    const limited = await t.get('/f/data/businesses', t.token);
    expect(limited.status).to.equal(429);
    expect(Number(limited.headers.get('retry-after'))).to.be.greaterThan(0);
  });
});
