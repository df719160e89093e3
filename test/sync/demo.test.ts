import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { expect } from 'chai';
import { type Browser, chromium, type Page } from 'playwright-core';
import { freePort } from '../../scripts/free-port.ts';

const CHROMIUM = '/usr/bin/chromium';
const DEMO = path.resolve(import.meta.dirname, '../../scripts/demo.ts');

/** The finance page shows a snapshot; a person reloads it, and so does this test, until the row is there. */
async function reloadUntil(page: Page, selector: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await page.locator(selector).count()) > 0) return;
    if (Date.now() > deadline) throw new Error(`${selector} did not appear within ${timeoutMs} ms`);
    await page.waitForTimeout(250);
    await page.reload();
  }
}

describe('npm run demo, as a newcomer uses it', function () {
  this.timeout(90_000);
  let browser: Browser | undefined;
  let demo: ReturnType<typeof spawn> | undefined;

  before(function () {
    if (!existsSync(CHROMIUM)) {
      console.log('    (skipped: no chromium at /usr/bin/chromium)');
      this.skip();
    }
  });
  after(async () => {
    await browser?.close();
    if (demo && demo.exitCode === null) {
      demo.kill('SIGINT');
      await once(demo, 'exit');
    }
  });

  it('closing a deal on the sales page puts a draft on the finance page seconds later', async () => {
    const ports = {
      PORT: String(await freePort()),
      FORTNOX_EMULATOR_PORT: String(await freePort()),
      SALESFORCE_EMULATOR_PORT: String(await freePort()),
      COMMERCETOOLS_EMULATOR_PORT: String(await freePort()),
      BIGCOMMERCE_EMULATOR_PORT: String(await freePort()),
      WOOCOMMERCE_EMULATOR_PORT: String(await freePort()),
      STRIPE_EMULATOR_PORT: String(await freePort()),
    };
    demo = spawn(process.execPath, [DEMO], {
      env: { ...process.env, ...ports, DATABASE_URL: '', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: demo.stdout! });
    const urls: string[] = [];
    for await (const line of lines) {
      const match = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(line);
      if (match) urls.push(match[1]!);
      if (urls.length === 3) break;
    }
    const [salesforce, fortnox, app] = urls as [string, string, string];
    expect(salesforce).to.equal(`http://127.0.0.1:${ports.SALESFORCE_EMULATOR_PORT}`);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const sales = await browser.newPage();
    await sales.goto(salesforce);
    const deal = sales.locator('tr[data-opp]').first();
    await deal.locator('button.won').click();
    await deal.locator('[data-field="stage"]', { hasText: 'Closed Won' }).waitFor();

    const finance = await browser.newPage();
    await finance.goto(fortnox);
    await reloadUntil(finance, 'tr[data-invoice]', 15_000);
    const customer = (await finance.locator('tr[data-invoice] td').nth(1).innerText()).trim();
    expect(await deal.innerText()).to.contain(customer);

    // The rep sees the invoice on the Opportunity without leaving Salesforce.
    await sales.reload();
    await reloadUntil(sales, 'tr[data-opp] [data-field="status"]:has-text("Draft")', 15_000);
    expect((await (await fetch(`${app}/healthz`)).json()) as { status: string }).to.include({ status: 'ok' });
  });
});
