import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { type Browser, chromium } from 'playwright-core';
import { daySales, salesOf, startTestEmulator, type TestEmulator } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';

describe('Lightspeed emulator: the till page in a browser', function () {
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
    t = await startTestEmulator({ clockStart: '2026-06-10T12:00:00+02:00', processingDelayMinutes: 15 });
  });
  afterEach(async () => {
    await t.close();
  });

  it('lets a person ring up a card sale with a tip and a sale on account, then close the day', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(5000);
    await page.goto(`${t.emu.url}/`);
    await page.getByRole('button', { name: /^Kaffe 35\.00/ }).click();
    await page.getByRole('button', { name: /^Kaffe 35\.00/ }).click();
    await page.getByRole('button', { name: /^Kanelbulle/ }).click();
    expect(await page.locator('#total').textContent()).to.equal('102.00');
    await page.getByLabel('Payment').selectOption('CARD');
    await page.getByLabel('Tip').fill('8');
    await page.getByRole('button', { name: 'Ring up' }).click();
    await page.locator('tr[id^="sale-"]').first().waitFor();

    await page.getByRole('button', { name: /^Dagens lunch/ }).click();
    await page.getByLabel('Register').selectOption({ label: 'Kassa 2' });
    await page.getByLabel('Payment').selectOption('INVOICE');
    await page.getByLabel('Customer (company)').fill('Lind Konsult AB');
    await page.getByRole('button', { name: 'Ring up' }).click();
    await page.locator('tr[id^="sale-"]', { hasText: 'Lind Konsult AB' }).waitFor();

    await page.getByRole('button', { name: 'Close day 2026-06-10' }).click();
    await page.locator('#day-2026-06-10', { hasText: 'closed' }).waitFor();
    expect(await page.locator('#open-day').textContent()).to.equal('2026-06-11');
    await page.close();

    const answer = await t.get(
      `/f/v2/business-location/${t.loc}/sales-daily?date=2026-06-10&include=payments,consumer`,
    );
    const sales = salesOf(answer.json);
    expect(sales.map((s) => s.payments?.map((p) => [p.code, p.netAmountWithTax, p.tip]))).to.deep.equal([
      [['CARD', '102.00', '8.00']],
      [['INVOICE', '125.00', '0.00']],
    ]);
    expect(sales[1]?.payments?.[0]?.consumer?.companyName).to.equal('Lind Konsult AB');
    expect(daySales(answer.json).dataComplete).to.equal(false);
    t.emu.advanceClock(15 * 60_000 + 1000);
    expect(
      daySales((await t.get(`/f/v2/business-location/${t.loc}/sales-daily?date=2026-06-10`)).json).dataComplete,
    ).to.equal(true);
  });

  it('takes a sale back with Return, and corrects a closed day', async () => {
    const sale = t.emu.ringUp({ lines: [{ sku: '301' }], payments: [{ method: 'CARD' }] });
    const page = await browser.newPage();
    page.setDefaultTimeout(5000);
    await page.goto(`${t.emu.url}/`);
    await page
      .locator(`#sale-${sale.sale.accountFiscId.replace('.', '\\.')}`)
      .getByRole('button', { name: 'Return' })
      .click();
    await page.locator('tr', { hasText: 'REFUND' }).waitFor();
    const wine = t.emu.ringUp({ lines: [{ sku: '302' }], payments: [{ method: 'CARD' }] });
    await page.reload();
    expect(await page.getByRole('button', { name: 'Return' }).count()).to.equal(1); // the first sale is all taken back
    await page.getByRole('button', { name: 'Close day 2026-06-10' }).click();
    await page.locator('#day-2026-06-10', { hasText: 'closed' }).waitFor();
    await page
      .locator(`#sale-${wine.sale.accountFiscId.replace('.', '\\.')}`)
      .getByRole('button', { name: 'Correct: paid in cash' })
      .click();
    await page.locator('tr', { hasText: 'UPDATE' }).waitFor();
    await page.close();
    const next = salesOf(
      (await t.get(`/f/v2/business-location/${t.loc}/sales-daily?date=2026-06-11&include=payments`)).json,
    );
    expect(next.map((s) => s.type)).to.deep.equal(['UPDATE']);
    expect(next[0]?.payments?.map((p) => p.code)).to.deep.equal(['CARD', 'CASH']);
  });
});
