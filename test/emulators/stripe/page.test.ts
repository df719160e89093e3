import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { type Browser, chromium } from 'playwright-core';
import type { StripeEmulator } from '../../../emulators/stripe/index.ts';
import { client, start } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';

describe('Stripe emulator: the dashboard page in a browser', function () {
  if (!existsSync(CHROMIUM)) {
    it('skips: /usr/bin/chromium is not installed');
    return;
  }
  this.timeout(30_000);
  let emu: StripeEmulator;
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

  it('lets a person subscribe a customer, renew, refund, issue a credit note and see the metadata written back', async () => {
    const page = await browser.newPage();
    await page.goto(`${emu.url}/`);
    await page.getByRole('button', { name: 'Subscribe' }).click();
    const first = page.locator('tr[data-invoice]').first();
    await first.locator('.status', { hasText: 'paid' }).waitFor();
    expect(await first.textContent()).to.contain('373.75 kr');
    const firstId = String(await first.getAttribute('data-invoice'));

    await page.getByRole('button', { name: 'Advance to next renewal' }).click();
    await page
      .locator('tr[data-invoice]', { hasText: 'subscription_cycle' })
      .locator('.status', { hasText: 'paid' })
      .waitFor();
    expect(await page.locator('tr[data-invoice]').count()).to.equal(2);

    // Each action answers, then the page reloads itself: wait for that load before reading or reloading.
    let reloaded = page.waitForEvent('load');
    await page.locator(`#inv-${firstId}`).getByRole('button', { name: 'Refund' }).click();
    await reloaded;
    const stripe = client(emu);
    const refunds = await stripe.refunds.list();
    expect(refunds.data.map((x) => x.amount)).to.deep.equal([37375]);

    const renewal = page.locator('tr[data-invoice]', { hasText: 'subscription_cycle' });
    const renewalId = String(await renewal.getAttribute('data-invoice'));
    reloaded = page.waitForEvent('load');
    await renewal.getByRole('button', { name: 'Credit note' }).click();
    await reloaded;
    expect((await stripe.creditNotes.list({ invoice: renewalId })).data[0]).to.include({
      total: 37375,
      type: 'post_payment',
    });

    await stripe.invoices.update(renewalId, { metadata: { fortnox_invoice_number: '3001' } });
    await page.reload();
    expect(await page.locator(`#inv-${renewalId} .metadata`).textContent()).to.contain('fortnox_invoice_number = 3001');
    await page.close();
  });
});
