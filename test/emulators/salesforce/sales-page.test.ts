import { existsSync } from 'node:fs';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { SalesforceEmulator } from '../../../emulators/salesforce/index.ts';
import { startEmulator } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const WRITER = { origin: 'com/salesforce/api/rest/64.0;client=fortnox-sync' };

describe('Salesforce emulator: sales page in a browser', function () {
  this.timeout(30_000);
  let sf: SalesforceEmulator;
  let browser: Browser;
  let page: Page;
  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log('    (skipped: no chromium at /usr/bin/chromium)');
      this.skip();
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    sf = await startEmulator({ demoData: true });
    page = await browser.newPage();
    await page.goto(sf.url);
    await page.locator('tr[data-opp]').first().waitFor();
  });
  afterEach(async () => {
    await page?.close();
    await sf?.close();
  });

  const lines = (oppId: string) =>
    sf.handle.query(`SELECT Id, Quantity, Discount FROM OpportunityLineItem WHERE OpportunityId = '${oppId}'`);

  it('marks an Opportunity Closed Won with one button, raising a CDC event, and labels the Fortnox fields written back', async () => {
    const row = page.locator('tr[data-opp]').first();
    const id = (await row.getAttribute('data-opp')) ?? '';
    const event = sf.handle.nextEvent('/data/OpportunityChangeEvent');
    await row.locator('button.won').click();
    const data = (await event) as { payload: { ChangeEventHeader: { recordIds: string[] }; StageName: string } };
    expect(data.payload.ChangeEventHeader.recordIds).to.deep.equal([id]);
    expect(data.payload.StageName).to.equal('Closed Won');
    await row.locator('[data-field="stage"]', { hasText: 'Closed Won' }).waitFor();
    const fields = {
      Fortnox_Status__c: 'Paid',
      Fortnox_Invoice_Number__c: '1001',
      Fortnox_Total__c: 12000,
      Fortnox_Balance__c: 0,
      Fortnox_Due_Date__c: '2025-02-01',
      Fortnox_Paid_Date__c: '2025-01-20',
      Fortnox_Invoice_Link__c: 'https://sync.example/invoices/1001/1001.pdf',
    };
    sf.handle.update('Opportunity', id, fields, { userId: sf.handle.users.integrationUserId, ...WRITER });
    await row.locator('[data-field="status"]', { hasText: 'Paid' }).waitFor();
    const fortnox = await row.locator('dl.fortnox').innerText();
    for (const label of ['Invoice no\n1001', 'Total\n12000.00', 'Balance\n0.00', 'Paid date\n2025-01-20']) {
      expect(fortnox).to.contain(label);
    }
    expect(await row.getByRole('link', { name: 'Invoice PDF' }).getAttribute('href')).to.equal(
      fields.Fortnox_Invoice_Link__c,
    );
  });

  it('creates an Opportunity without an Account, then adds, edits and removes its product lines', async () => {
    const form = page.locator('#opp-form');
    await form.locator('[name="Name"]').fill('Utan konto');
    await form.locator('[name="CloseDate"]').fill('2025-03-01');
    expect(await form.locator('[name="AccountId"]').inputValue()).to.equal('');
    await form.getByRole('button', { name: 'Save opportunity' }).click();
    const row = page.locator('tr[data-opp]', { hasText: 'Utan konto' });
    await row.waitFor();
    const oppId = (await row.getAttribute('data-opp')) ?? '';
    expect(sf.handle.get(oppId)?.AccountId).to.equal(null);

    await row.locator('[data-qty]').fill('3');
    await row.getByRole('button', { name: 'Add product' }).click();
    await row.locator('[data-line]').first().waitFor();
    const line = row.locator('[data-line]').first();
    await line.locator('[data-line-qty]').fill('5');
    await line.locator('[data-line-discount]').fill('10');
    await line.getByRole('button', { name: 'Save' }).click();
    await page.locator('#message', { hasText: 'Product line saved.' }).waitFor();
    expect(lines(oppId).map((l) => [l.Quantity, l.Discount])).to.deep.equal([[5, 10]]);

    await row.locator('[data-line]').first().getByRole('button', { name: 'Remove' }).click();
    await page.locator('#message', { hasText: 'Product removed.' }).waitFor();
    expect(lines(oppId)).to.have.length(0);
  });

  it('refuses a zero or negative quantity on the page with a clear message, sending nothing', async () => {
    const row = page.locator('tr[data-opp]').first();
    const oppId = (await row.getAttribute('data-opp')) ?? '';
    const before = lines(oppId).length;
    for (const value of ['-2', '0']) {
      await row.locator('[data-qty]').fill(value);
      await row.getByRole('button', { name: 'Add product' }).click();
      expect(await page.locator('#message').innerText()).to.contain(
        `Quantity must be a number above 0 (you entered "${value}")`,
      );
    }
    expect(lines(oppId)).to.have.length(before);
    const api = await page.evaluate(async (id) => {
      const res = await fetch(`/__ui/opportunities/${id}/lines`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ Quantity: -2 }),
      });
      return res.status;
    }, oppId);
    expect(api).to.equal(400);
  });

  it('publishes Fortnox_Sync_Request__e (retry) from the Retry sync buttons of an Opportunity and an Account', async () => {
    for (const selector of ['tr[data-opp]', 'tr[data-account]']) {
      const row = page.locator(selector).first();
      const id = (await row.getAttribute(selector === 'tr[data-opp]' ? 'data-opp' : 'data-account')) ?? '';
      const event = sf.handle.nextEvent('/event/Fortnox_Sync_Request__e');
      await row.getByRole('button', { name: 'Retry sync' }).click();
      const data = (await event) as { payload: Record<string, unknown> };
      expect(data.payload).to.include({ Record_Id__c: id, Action__c: 'retry' });
      await page.locator('#message', { hasText: 'Retry requested' }).waitFor();
    }
  });

  it('edits an Account’s invoice e-mail', async () => {
    const row = page.locator('tr[data-account]').first();
    const id = (await row.getAttribute('data-account')) ?? '';
    await row.getByRole('button', { name: 'Edit' }).click();
    await page.locator('#account-form [name="Invoice_Email__c"]').fill('faktura@kund.example');
    await page.getByRole('button', { name: 'Save account' }).click();
    await row.locator('[data-field="invoice-email"]', { hasText: 'faktura@kund.example' }).waitFor();
    expect(sf.handle.get(id)?.Invoice_Email__c).to.equal('faktura@kund.example');
  });
  it('keeps a Product and its standard price: created and edited on the page, each raising CDC', async () => {
    const form = page.locator('#product-form');
    await form.locator('[name="Name"]').fill('Monteringssats');
    await form.locator('[name="ProductCode"]').fill('MONT-1');
    await form.locator('[name="StandardPrice"]').fill('350');
    await form.locator('[name="QuantityUnitOfMeasure"]').selectOption('Each');
    await form.locator('[name="Fortnox_VAT_Rate__c"]').selectOption('12');
    const created = sf.handle.nextEvent('/data/PricebookEntryChangeEvent');
    await form.getByRole('button', { name: 'Save product' }).click();
    const row = page.locator('tr[data-product]', { hasText: 'Monteringssats' });
    await row.waitFor();
    const id = (await row.getAttribute('data-product')) ?? '';
    expect(((await created) as { payload: { UnitPrice: number } }).payload.UnitPrice).to.equal(350);
    expect(sf.handle.get(id)).to.include({
      ProductCode: 'MONT-1',
      QuantityUnitOfMeasure: 'Each',
      Fortnox_VAT_Rate__c: '12',
    });

    await row.getByRole('button', { name: 'Edit' }).click();
    await form.locator('[name="StandardPrice"]').fill('375');
    const changed = sf.handle.nextEvent('/data/PricebookEntryChangeEvent');
    await form.getByRole('button', { name: 'Save product' }).click();
    const update = (await changed) as { payload: { ChangeEventHeader: { changeType: string }; UnitPrice: number } };
    expect([update.payload.ChangeEventHeader.changeType, update.payload.UnitPrice]).to.deep.equal(['UPDATE', 375]);
    await row.locator('td.num', { hasText: '375.00' }).waitFor();
  });

  it('creates an Order, adds a product, activates and deactivates it, each raising an Order change event', async () => {
    const form = page.locator('#order-form');
    await form.locator('[name="Name"]').fill('Ordersida');
    await form.locator('[name="EffectiveDate"]').fill('2026-11-25');
    await form.getByRole('button', { name: 'Create order' }).click();
    const row = page.locator('tr[data-order]', { hasText: 'Ordersida' });
    await row.waitFor();
    const id = (await row.getAttribute('data-order')) ?? '';
    await row.locator('[data-qty]').fill('2');
    await row.getByRole('button', { name: 'Add product' }).click();
    await row.locator('[data-item]').first().waitFor();
    expect(Number(sf.handle.get(id)?.TotalAmount)).to.be.greaterThan(0);

    const activated = sf.handle.nextEvent(
      '/data/OrderChangeEvent',
      (d) => (d.payload as { Status?: string }).Status === 'Activated',
    );
    await row.getByRole('button', { name: 'Activate' }).click();
    await activated;
    await row.locator('[data-field="status"]', { hasText: 'Activated' }).waitFor();
    expect(await row.locator('[data-add-item]').count(), 'no product edits on an activated Order').to.equal(0);
    const draft = sf.handle.nextEvent(
      '/data/OrderChangeEvent',
      (d) => (d.payload as { Status?: string }).Status === 'Draft',
    );
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await draft;
    await row.locator('[data-field="status"]', { hasText: 'Draft' }).waitFor();
  });
});
