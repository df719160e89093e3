import { existsSync } from 'node:fs';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { SalesforceEmulator } from '../../../emulators/salesforce/index.ts';
import { startEmulator } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';

describe('Salesforce emulator: sales page in a browser', function () {
  this.timeout(30_000);
  let sf: SalesforceEmulator;
  let browser: Browser;
  before(function () {
    if (!existsSync(CHROMIUM)) {
      console.log('    (skipped: no chromium at /usr/bin/chromium)');
      this.skip();
    }
  });
  beforeEach(async () => {
    sf = await startEmulator({ demoData: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  afterEach(async () => {
    await browser?.close();
    await sf?.close();
  });

  it('marks an Opportunity Closed Won with one button, raising a CDC event, and shows Fortnox fields written back', async () => {
    const page = await browser.newPage();
    await page.goto(sf.url);
    const row = page.locator('tr[data-opp]').first();
    const id = await row.getAttribute('data-opp');
    const event = sf.handle.nextEvent('/data/OpportunityChangeEvent');
    await row.locator('button.won').click();
    const data = (await event) as {
      payload: {
        ChangeEventHeader: { recordIds: string[]; changedFields: string[]; changeOrigin: string };
        StageName: string;
      };
    };
    expect(data.payload.ChangeEventHeader.recordIds).to.deep.equal([id]);
    expect(data.payload.StageName).to.equal('Closed Won');
    expect(data.payload.ChangeEventHeader.changedFields).to.include('StageName');
    await row.locator('[data-field="stage"]', { hasText: 'Closed Won' }).waitFor();
    sf.handle.update(
      'Opportunity',
      id ?? '',
      { Fortnox_Status__c: 'Draft', Fortnox_Invoice_Number__c: '1001' },
      { userId: sf.handle.users.integrationUserId, origin: 'com/salesforce/api/rest/64.0;client=fortnox-sync' },
    );
    await row.locator('[data-field="status"]', { hasText: 'Draft' }).waitFor();
  });
});
