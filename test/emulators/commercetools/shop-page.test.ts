import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { type Browser, chromium } from 'playwright-core';
import { at, startCt, type TestCt } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';

describe('commercetools emulator: shop page in a browser', function () {
  if (!existsSync(CHROMIUM)) {
    it('skips: /usr/bin/chromium is not installed');
    return;
  }
  this.timeout(30_000);
  let t: TestCt;
  let browser: Browser;
  before(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  after(() => browser.close());
  beforeEach(async () => {
    t = await startCt();
  });
  afterEach(() => t.close());

  it('lets a person place an order, capture, refund, return and cancel it, and shows what the service wrote back', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/`);
    await page.locator('#store').selectOption('se');
    await page.locator('input[data-sku="LIC-PRO"]').fill('1');
    await page.locator('input[data-sku="KAFFE-500"]').fill('2');
    await page.getByRole('button', { name: 'Place order' }).click();
    const row = page.locator('tr[data-order-row="SE-10001"]');
    await row.waitFor();
    expect(await row.locator('.payment-state').textContent()).to.equal('Pending');
    const order = t.emu.order('SE-10001');
    expect(order.lineItems.map((l) => `${l.quantity}×${l.variant.sku}`)).to.deep.equal(['1×LIC-PRO', '2×KAFFE-500']);

    await row.getByRole('button', { name: 'Capture' }).click();
    await page.locator('tr[data-order-row="SE-10001"] .payment-state', { hasText: 'Paid' }).waitFor();
    await page.locator('tr[data-order-row="SE-10001"]').getByRole('button', { name: 'Capture' }).click();
    await page.locator('#message', { hasText: 'left to capture' }).waitFor();

    // The service writes the Fortnox invoice number back, as the source will.
    await t.api('POST', '/channels', { key: 'fortnox', roles: ['OrderExport'] });
    const v = Number(at((await t.api('GET', `/orders/${order.id}`)).json, 'version'));
    await t.api('POST', `/orders/${order.id}`, {
      version: v,
      actions: [{ action: 'updateSyncInfo', channel: { key: 'fortnox' }, externalId: 'Faktura 1001' }],
    });
    await page.reload();
    expect(await page.locator('tr[data-order-row="SE-10001"] .sync-info').textContent()).to.contain(
      'fortnox: Faktura 1001',
    );

    await page.locator('tr[data-order-row="SE-10001"]').getByRole('button', { name: 'Refund' }).click();
    await page.locator('tr[data-order-row="SE-10001"]', { hasText: 'refunded 5078.00 SEK' }).waitFor();
    await page.locator('tr[data-order-row="SE-10001"]').getByRole('button', { name: 'Return' }).click();
    await page.locator('tr[data-order-row="SE-10001"] td:nth-child(7)', { hasText: '3' }).waitFor();
    await page.locator('tr[data-order-row="SE-10001"]').getByRole('button', { name: 'Cancel' }).click();
    await page.locator('tr[data-order-row="SE-10001"]', { hasText: 'Cancelled' }).waitFor();
    const final = t.emu.order('SE-10001');
    expect([final.orderState, final.paymentState, final.returnInfo?.length]).to.deep.equal(['Cancelled', 'Paid', 1]);
    await page.close();
  });
});
