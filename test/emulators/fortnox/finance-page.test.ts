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

  it('shows each invoice’s rows, VAT per rate and totals, and refreshes by itself', async () => {
    await t.api('POST', '/3/customers', { Customer: { Name: 'Acme AB' } });
    await t.api('POST', '/3/articles', { Article: { ArticleNumber: 'BOK', Description: 'Bok', SalesAccount: 3002 } });
    const page = await browser.newPage();
    await page.goto(`${t.emu.url}/`);
    await page.getByText('Inga fakturor ännu.').waitFor();
    const made = await t.api('POST', '/3/invoices', {
      Invoice: {
        CustomerNumber: '1',
        InvoiceRows: [
          { Description: 'Licens', DeliveredQuantity: 2, Price: 1000, Discount: 10 },
          { ArticleNumber: 'BOK', DeliveredQuantity: 1, Price: 200 },
        ],
      },
    });
    const n = String(at(made.json, 'Invoice', 'DocumentNumber'));
    const detail = page.locator(`tr[data-detail-of="1001-${n}"]`);
    await detail.waitFor({ timeout: 10_000 }); // no reload from the test: the page refreshed itself
    const cells = await detail
      .locator('table.rows tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())));
    expect(cells).to.deep.equal([
      ['', 'Licens', '2', '1000.00', '10 %', '25 %', '3001', '1800.00'],
      ['BOK', 'Bok', '1', '200.00', '', '12 %', '3002', '200.00'],
    ]);
    expect(await detail.locator('[data-vat-rate="25"]').innerText()).to.equal('Moms 25 %: 450.00 (underlag 1800.00)');
    expect(await detail.locator('[data-vat-rate="12"]').innerText()).to.equal('Moms 12 %: 24.00 (underlag 200.00)');
    expect(await detail.locator('p.totals').innerText()).to.contain('Att betala 2474.00 SEK');
    await page.close();
  });
});
