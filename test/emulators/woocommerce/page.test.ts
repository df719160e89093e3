import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { type Browser, chromium } from 'playwright-core';
import type { WooCommerceEmulator } from '../../../emulators/woocommerce/index.ts';
import { admin, start } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';

describe('WooCommerce emulator: the shop page in a browser', function () {
  if (!existsSync(CHROMIUM)) {
    it('skips: /usr/bin/chromium is not installed');
    return;
  }
  this.timeout(30_000);
  let emu: WooCommerceEmulator;
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
    emu = await start({ pageRefreshSeconds: 0 });
  });
  afterEach(async () => {
    await emu.close();
  });

  it('lets a person place an order, complete it, refund a line, renew a subscription, and see the write-back', async () => {
    const page = await browser.newPage();
    await page.goto(`${emu.url}/`);
    await page.locator('#checkout select[name=buyer]').selectOption('company');
    await page.locator('#checkout select[name=sku]').selectOption('ESP-1');
    await page.getByRole('button', { name: 'Place order' }).click();
    const row = page.locator('tr[data-order]').first();
    await row.locator('.status', { hasText: 'processing' }).waitFor();
    const id = Number(await row.getAttribute('data-order'));
    expect(await row.textContent()).to.contain('Acme Handel AB');

    await row.getByRole('button', { name: 'Completed' }).click();
    await page.locator(`#order-${id} .status`, { hasText: 'completed' }).waitFor();
    await page.locator(`#order-${id}`).getByRole('button', { name: 'Refund line' }).click();
    await page.locator(`#order-${id}`, { hasText: '1 refunded' }).waitFor();
    expect(emu.order(id)?.refunds).to.have.length(1);

    await admin(emu, 'PUT', `/orders/${id}`, { meta_data: [{ key: 'fortnox_invoice', value: '1001' }] });
    await page.reload();
    expect(await page.locator(`#order-${id} .written`).textContent()).to.contain('fortnox_invoice = 1001');

    await page.getByRole('button', { name: 'Start coffee subscription' }).click();
    await page.locator('tr[data-sub]').first().waitFor();
    await page.getByRole('button', { name: 'Renew (paid)' }).click();
    await page.locator('tr[data-order]', { hasText: 'subscription' }).waitFor();
    const renewal = [...emu.store.orders.values()].find((o) => o.createdVia === 'subscription');
    expect(renewal?.status).to.equal('processing');
    await page.close();
  });
});
