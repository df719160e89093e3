import FortnoxInvoice from 'c/fortnoxInvoice';
import { getRecord } from 'lightning/uiRecordApi';
import { createElement } from 'lwc';

export const RECORD_ID = '006AA0000012345AAA';

/** A uiRecordApi record with these field values, as getRecord delivers it. */
export function record(values, apiName = 'Opportunity') {
  const fields = {};
  for (const [name, value] of Object.entries(values)) fields[name] = { value, displayValue: null };
  return { apiName, id: RECORD_ID, fields };
}

/** Every Fortnox field present, nothing synced yet. */
export const EMPTY = {
  Fortnox_Status__c: null,
  Fortnox_Invoice_Number__c: null,
  Fortnox_Total__c: null,
  Fortnox_Balance__c: null,
  Fortnox_Due_Date__c: null,
  Fortnox_Paid_Date__c: null,
  Fortnox_Synced_At__c: null,
  Fortnox_Sync_Error__c: null,
  Fortnox_Invoice_Link__c: null,
};

export function mount(objectApiName = 'Opportunity') {
  const element = createElement('c-fortnox-invoice', { is: FortnoxInvoice });
  element.recordId = RECORD_ID;
  element.objectApiName = objectApiName;
  document.body.appendChild(element);
  return element;
}

/** Lets LWC re-render after a wire emit or an event (microtasks only, no timers). */
export async function flush() {
  for (let i = 0; i < 3; i++) await Promise.resolve();
}

export async function show(values, apiName) {
  getRecord.emit(record(values, apiName));
  await flush();
}

export function find(element, id) {
  return element.shadowRoot.querySelector(`[data-id="${id}"]`);
}

export function text(element, id) {
  return find(element, id)?.textContent.replace(/\s+/g, ' ').trim();
}

export function unmountAll() {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  jest.clearAllMocks();
}
