import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { type Browser, chromium } from 'playwright-core';
import { at, startTest, type TestEmulator } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';

describe('BigCommerce emulator: the store page in a browser', function () {
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
    t = await startTest();
  });
  afterEach(async () => {
    await t.close();
  });

  it('lets a shopper order two lines with a coupon and shipping to Norway, and the merchant refund a line and cancel', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.emu.url}/`);
    const form = page.locator('#checkout');
    await form.locator('select[name=country]').selectOption('NO');
    await form.locator('select[name=sku0]').selectOption('TSHIRT-M');
    await form.locator('input[name=qty0]').fill('2');
    await form.locator('select[name=sku1]').selectOption('KAFFE-500');
    await form.locator('input[name=coupon]').fill('SOMMAR10');
    await form.locator('select[name=shipping]').selectOption('Express');
    await form.locator('select[name=payment]').selectOption('card');
    await form.getByRole('button', { name: 'Place order' }).click();
    const row = page.locator('#orders tr[data-order]').first();
    await row.locator('.status', { hasText: 'Awaiting Fulfillment' }).waitFor();
    const id = Number(await row.getAttribute('data-order'));

    const order = (await t.api('GET', `/v2/orders/${id}`)).json;
    expect(at(order, 'billing_address', 'country_iso2')).to.equal('NO');
    expect([at(order, 'coupon_discount'), at(order, 'total_tax'), at(order, 'payment_status')]).to.deep.equal([
      '47.7900', // 10 % of 2 × 199.20 + 79.46 = 477.86: export prices, Swedish moms taken out
      '0.0000',
      'captured',
    ]);
    expect(at(order, 'shipping_cost_inc_tax')).to.equal('99.0000');
    const lines = (await t.api('GET', `/v2/orders/${id}/products`)).json as { sku: string }[];
    expect(lines.map((l) => l.sku)).to.deep.equal(['TSHIRT-M', 'KAFFE-500']);

    await row.locator('select[name=line]').selectOption({ label: 'KAFFE-500' });
    await row.getByRole('button', { name: 'Refund line' }).click();
    await page.locator(`#order-${id} .status`, { hasText: 'Partially Refunded' }).waitFor();
    expect(await page.locator(`#order-${id} .refunded`).textContent()).to.contain('refunded');

    await page.locator(`#order-${id}`).getByRole('button', { name: 'Cancel' }).click();
    await page.locator(`#order-${id} .status`, { hasText: 'Cancelled' }).waitFor();
    expect(at((await t.api('GET', `/v2/orders/${id}`)).json, 'status_id')).to.equal(5);

    await t.api('PUT', `/v2/orders/${id}`, { staff_notes: 'Fortnox faktura 1042' });
    await page.reload();
    expect(await page.locator(`#order-${id} .written`).textContent()).to.contain('Fortnox faktura 1042');
    await page.close();
  });
});
