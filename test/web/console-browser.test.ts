import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'chai';
import { type Browser, chromium, type Page } from 'playwright-core';
import { SWEDISH_ACCOUNT, type SyncHarness, startSyncHarness } from '../sync/harness.ts';

const CHROMIUM = '/usr/bin/chromium';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** axe-core in the page: the serious and critical violations, each with where it is. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The console shows a snapshot; a person reloads it, and so does this test, until the text is there. */
async function reloadUntil(page: Page, text: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await page.getByText(text).count()) > 0) return;
    if (Date.now() > deadline) throw new Error(`“${text}” did not appear within ${timeoutMs} ms`);
    await page.waitForTimeout(250);
    await page.reload();
  }
}

/**
 * The finance person's minute: a deal that could not be invoiced is found by its number on
 * Records, its page says why and what happened, and Retry (one, or all of a filtered set as a
 * bulk action) turns it into a Fortnox draft. The Salesforce stream is stopped after the deals are
 * parked, so the fix in Salesforce is not noticed by itself — only the console's Retry sends them.
 */
describe('console, in a browser', function () {
  this.timeout(120_000);
  let h: SyncHarness | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const deals: string[] = [];

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log('    (skipped: no chromium at /usr/bin/chromium)');
      this.skip();
    }
    h = await startSyncHarness();
    const product = h.product('KONS-C', 'Konsulttimme', 1200);
    const accounts = [0, 1].map((i) =>
      h!.account({
        ...SWEDISH_ACCOUNT,
        Name: `Konsol ${i} AB`,
        BillingCountry: null,
        Organisation_Number__c: undefined,
      }),
    );
    for (const account of accounts) {
      const deal = h.deal(account, [{ entry: product, quantity: 1, unitPrice: 1200 }]);
      h.win(deal);
      deals.push(deal);
    }
    for (const deal of deals) await h.writtenBack(deal, 'Fortnox_Status__c', (v) => v === 'Needs Attention');
    await h.stack.listener?.stop();
    for (const account of accounts) h.sf.update('Account', account, { BillingCountry: 'Sweden' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    // The app's CSP (script-src 'self') would refuse the injected axe-core; only the test bypasses it.
    page = await (await browser.newContext({ bypassCSP: true })).newPage();
  });
  after(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('finds a deal by its number, shows why it is stuck, and Retry makes it a draft', async () => {
    const name = String((h!.sf.get(deals[0]!) as Record<string, unknown>).Name);
    await page.goto(`${h!.stack.appUrl}/records`);
    await page.getByLabel('Search').fill(name);
    await page.getByRole('button', { name: 'Find' }).click();
    await page
      .getByRole('link', { name: new RegExp(`“${name}”`) })
      .first()
      .click();
    await page.getByRole('heading', { name: `Deal “${name}”` }).waitFor();
    expect(await page.locator('main').innerText()).to.contain('The Account has no billing country.');
    expect(await page.locator('table').nth(1).innerText()).to.contain('needs attention');
    await page.getByRole('button', { name: 'Retry now' }).click();
    await page.getByText('will be tried again').waitFor();
    const invoice = await h!.draftFor(deals[0]!);
    await reloadUntil(page, 'draft in Fortnox');
    expect(await page.locator('main').innerText()).to.contain(String(invoice.DocumentNumber));
    await page.getByRole('link', { name: '« All records' }).click();
    await page.getByRole('heading', { name: 'Records' }).waitFor();
  });

  it('bulk retry on a filtered set sends the rest, with its progress on Bulk actions', async () => {
    await page.goto(`${h!.stack.appUrl}/records`);
    await page.getByLabel('State').selectOption('needs_attention');
    await page.getByLabel('Kind').selectOption('invoice');
    await page.getByRole('button', { name: 'Find' }).click();
    expect(await page.locator('tbody tr').count()).to.equal(1);
    await page.getByRole('button', { name: 'Retry all' }).click();
    await page.getByRole('heading', { name: 'Bulk actions' }).waitFor();
    await reloadUntil(page, '1 record queued to be tried again.');
    expect(await page.locator('main').innerText()).to.contain('1 of 1');
    await h!.draftFor(deals[1]!);
  });

  it('every page has one frame with a way back, and a bad filter is named, not a crash', async () => {
    for (const path of ['/', '/records', '/records/bulk', '/records/999999', '/no-such-page']) {
      await page.goto(`${h!.stack.appUrl}${path}`);
      expect(await page.locator('nav[aria-label="Main"] a').count(), path).to.equal(6);
      expect(await page.locator('h1').count(), path).to.equal(1);
    }
    await page.goto(`${h!.stack.appUrl}/records?from=soon`);
    expect(await page.getByRole('alert').innerText()).to.contain('Changed from must be a date');
  });

  it('every console page passes axe-core with no serious or critical violation', async () => {
    const { rows } = await h!.db.pool.query<{ id: string }>(`SELECT id FROM sync_records WHERE source_id = $1`, [
      deals[0],
    ]);
    const today = new Date().toISOString().slice(0, 10);
    for (const path of [
      '/',
      '/records',
      `/records/${rows[0]!.id}`,
      '/records/bulk',
      '/connections',
      `/reconciliation?from=2026-01-01&to=${today}`,
      '/users',
      '/signin',
      '/no-such-page',
    ]) {
      await page.goto(`${h!.stack.appUrl}${path}`);
      expect(await seriousViolations(page), path).to.deep.equal([]);
    }
  });

  it('a viewer sees every page with its buttons turned off, and a forced change is refused', async () => {
    // Adding the first user ends the open development mode: from then on everyone signs in.
    await page.goto(`${h!.stack.appUrl}/users`);
    await page.getByLabel('User name').fill('fia');
    await page.getByLabel('Role').selectOption('viewer');
    await page.getByLabel('Password (12 characters or more)').fill('finance person pw');
    await page.getByRole('button', { name: 'Save user' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('User name').fill('fia');
    await page.getByLabel('Password').fill('finance person pw');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('heading', { name: 'Overview' })
      .or(page.getByRole('heading', { name: 'Users' }))
      .first()
      .waitFor();
    await page.goto(`${h!.stack.appUrl}/records`);
    await page.getByRole('link', { name: /“/ }).first().click();
    expect(await page.getByRole('button', { name: 'Retry now' }).isDisabled()).to.equal(true);
    expect(await page.locator('header').innerText()).to.contain('fia (viewer)');
    const refused = await page.evaluate(
      async (path) => {
        const res = await fetch(path, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'token=x',
        });
        return res.status;
      },
      `${new URL(page.url()).pathname}/retry`,
    );
    expect(refused).to.equal(403);
    expect(await seriousViolations(page)).to.deep.equal([]);
  });
});
