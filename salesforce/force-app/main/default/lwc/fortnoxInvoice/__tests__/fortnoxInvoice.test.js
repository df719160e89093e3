import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getRecord } from 'lightning/uiRecordApi';
import { EMPTY, find, flush, mount, RECORD_ID, show, text, unmountAll } from './helpers';

// Value of Fortnox_Status__c → the English label a rep reads on the badge.
const STATUSES = {
  Pending: 'Pending',
  Draft: 'Draft',
  Booked: 'Booked',
  Sent: 'Sent',
  'Partially Paid': 'Partially Paid',
  Paid: 'Paid',
  Overdue: 'Overdue',
  Credited: 'Credited',
  Cancelled: 'Cancelled',
  'Needs Attention': 'Needs Attention',
};

const CSS = readFileSync(join(__dirname, '..', 'fortnoxInvoice.css'), 'utf8');

function backgroundOf(className) {
  const rule = new RegExp(`\\.${className}\\s*\\{([^}]*)\\}`).exec(CSS);
  return rule ? /background-color:\s*([^;]+);/.exec(rule[1])?.[1].trim() : undefined;
}

function toneOf(badge) {
  return [...badge.classList].find((name) => name.startsWith('fortnox-badge_'));
}

describe('c-fortnox-invoice: what a rep sees', () => {
  afterEach(unmountAll);

  it('asks for every Fortnox field of the record it sits on, as optional fields', async () => {
    mount('Order');
    await flush();
    const { recordId, optionalFields } = getRecord.getLastConfig();
    expect(recordId).toBe(RECORD_ID);
    expect(optionalFields).toEqual(expect.arrayContaining(Object.keys(EMPTY).map((field) => `Order.${field}`)));
  });

  it('shows each status as its own badge with its own colour', async () => {
    const colours = new Map();
    for (const [status, label] of Object.entries(STATUSES)) {
      const element = mount();
      await show({ ...EMPTY, Fortnox_Status__c: status });
      const badge = find(element, 'status');
      expect(badge.textContent.trim()).toBe(label);
      const colour = backgroundOf(toneOf(badge));
      expect(colour).toBeDefined();
      colours.set(status, colour);
      unmountAll();
    }
    expect(new Set(colours.values()).size).toBe(Object.keys(STATUSES).length);
  });

  it('marks Needs Attention, and only Needs Attention, with a warning icon', async () => {
    for (const status of Object.keys(STATUSES)) {
      const element = mount();
      await show({ ...EMPTY, Fortnox_Status__c: status });
      expect(Boolean(find(element, 'attention-icon'))).toBe(status === 'Needs Attention');
      unmountAll();
    }
  });

  it('shows a status value it does not know as it is, instead of nothing', async () => {
    const element = mount();
    await show({ ...EMPTY, Fortnox_Status__c: 'Disputed' });
    expect(text(element, 'status')).toBe('Disputed');
  });

  it('shows number, amounts in the record currency, dates and the PDF in a new tab', async () => {
    const element = mount();
    await show({
      ...EMPTY,
      Fortnox_Status__c: 'Partially Paid',
      Fortnox_Invoice_Number__c: '1042',
      Fortnox_Total__c: 12500,
      Fortnox_Balance__c: 2500,
      Fortnox_Due_Date__c: '2026-07-31',
      Fortnox_Paid_Date__c: '2026-07-10',
      Fortnox_Synced_At__c: '2026-07-10T09:30:00.000Z',
      Fortnox_Invoice_Link__c: 'https://sync.example.com/invoices/1042.pdf?sig=abc',
      CurrencyIsoCode: 'EUR',
    });
    expect(text(element, 'invoice-number')).toBe('1042');
    for (const [id, value] of [
      ['total', 12500],
      ['balance', 2500],
    ]) {
      const amount = find(element, id);
      expect(amount.value).toBe(value);
      expect(amount.formatStyle).toBe('currency');
      expect(amount.currencyCode).toBe('EUR');
    }
    expect(find(element, 'due-date').value).toBe('2026-07-31');
    expect(find(element, 'due-date').timeZone).toBe('UTC');
    expect(find(element, 'paid-date').value).toBe('2026-07-10');
    expect(find(element, 'synced-at').value).toBe('2026-07-10T09:30:00.000Z');
    const pdf = find(element, 'pdf');
    expect(pdf.getAttribute('href')).toBe('https://sync.example.com/invoices/1042.pdf?sig=abc');
    expect(pdf.getAttribute('target')).toBe('_blank');
    expect(pdf.getAttribute('rel')).toContain('noopener');
    expect(find(element, 'error')).toBeNull();
  });

  it('shows a balance of zero and falls back to the org currency without multi-currency', async () => {
    const element = mount();
    await show({ ...EMPTY, Fortnox_Status__c: 'Paid', Fortnox_Total__c: 800, Fortnox_Balance__c: 0 });
    expect(find(element, 'balance').value).toBe(0);
    expect(find(element, 'balance').currencyCode).toMatch(/^[A-Z]{3}$/);
  });

  it('never turns a link that is not http(s) into a clickable link', async () => {
    const element = mount();
    await show({ ...EMPTY, Fortnox_Status__c: 'Sent', Fortnox_Invoice_Link__c: 'javascript:alert(1)' });
    expect(find(element, 'pdf')).toBeNull();
  });

  it('shows the plain-English error and offers Retry', async () => {
    const element = mount();
    const message =
      'The customer has no organisation number, so Fortnox cannot book the invoice.\nFortnox: Kund saknar organisationsnummer';
    await show({ ...EMPTY, Fortnox_Status__c: 'Needs Attention', Fortnox_Sync_Error__c: message });
    expect(text(element, 'error')).toContain('What went wrong');
    expect(find(element, 'error').textContent).toContain(message);
    expect(find(element, 'retry').label).toBe('Retry');
  });

  it('offers Retry only where it can change something', async () => {
    const cases = [
      [{ Fortnox_Status__c: 'Pending' }, true],
      [{ Fortnox_Status__c: 'Booked', Fortnox_Sync_Error__c: 'Fortnox did not answer.' }, true],
      [{ Fortnox_Status__c: 'Paid' }, false],
      [{ Fortnox_Status__c: 'Draft' }, false],
    ];
    for (const [values, offered] of cases) {
      const element = mount();
      await show({ ...EMPTY, ...values });
      expect(Boolean(find(element, 'retry'))).toBe(offered);
      unmountAll();
    }
  });

  it('says the record has not been sent yet when the fields exist but are empty', async () => {
    const element = mount();
    await show(EMPTY);
    expect(text(element, 'not-synced')).toBe('Not sent to Fortnox yet.');
    expect(find(element, 'status')).toBeNull();
  });

  it('explains, instead of crashing, when the Fortnox fields are not deployed or not visible', async () => {
    const element = mount();
    await show({ Name: 'Big deal' });
    expect(text(element, 'fields-missing')).toContain('The Fortnox fields are not available on this record.');
    expect(find(element, 'retry')).toBeNull();
    expect(find(element, 'status')).toBeNull();
  });

  it('says why when the record cannot be read', async () => {
    const element = mount();
    getRecord.error({ message: 'You do not have access to this record.' });
    await flush();
    expect(text(element, 'load-error')).toBe(
      'Could not load the Fortnox information. You do not have access to this record.',
    );
  });

  it('still says it could not load the record when the error carries no message', async () => {
    const element = mount();
    getRecord.error({});
    await flush();
    expect(text(element, 'load-error')).toBe('Could not load the Fortnox information.');
    expect(find(element, 'not-synced')).toBeNull();
  });
});
