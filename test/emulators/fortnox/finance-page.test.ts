import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { type Browser, chromium } from 'playwright-core';
import { at, startTestEmulator, type TestEmulator } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';

describe('Fortnox emulator: finance page in a browser', function () {
  if (!existsSync(CHROMIUM)) {
    it('skips: /usr/bin/chromium is not installed');
    return;
  }
  this.timeout(30_000);
  let t: TestEmulator;
  let browser: Browser;
  before(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  after(async () => {
    await browser.close();
  });
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(async () => {
    await t.close();
  });

  it('lets a person book a draft, register its payment and credit it', async () => {
    await t.api('POST', '/3/customers', { Customer: { Name: 'Acme AB' } });
    const made = await t.api('POST', '/3/invoices', {
      Invoice: { CustomerNumber: '1', InvoiceRows: [{ Description: 'Licens', DeliveredQuantity: 1, Price: 1000 }] },
    });
    const n = String(at(made.json, 'Invoice', 'DocumentNumber'));
    const page = await browser.newPage();
    await page.goto(`${t.emu.url}/`);
    const row = page.locator(`#inv-1001-${n}`);
    expect(await row.locator('.status').textContent()).to.equal('Ej bokförd');

    await row.getByRole('button', { name: 'Bookkeep' }).click();
    await page.locator(`#inv-1001-${n} .status`, { hasText: 'Bokförd, obetald' }).waitFor();
    await row.getByRole('button', { name: 'Register payment' }).click();
    await page.locator(`#inv-1001-${n} .status`, { hasText: 'Slutbetald' }).waitFor();
    expect(at((await t.api('GET', `/3/invoices/${n}`)).json, 'Invoice', 'Balance')).to.equal(0);

    await row.getByRole('button', { name: 'Credit' }).click();
    await page.locator(`#inv-1001-${n} .status`, { hasText: 'krediterad' }).waitFor();
    const creditNo = String(at((await t.api('GET', `/3/invoices/${n}`)).json, 'Invoice', 'CreditInvoiceReference'));
    expect(await page.locator(`#inv-1001-${creditNo}`).textContent()).to.contain(`kredit av ${n}`);
    await page.close();
  });
});
