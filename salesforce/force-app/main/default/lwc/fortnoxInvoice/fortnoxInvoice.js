import ORG_CURRENCY from '@salesforce/i18n/currency';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';
import { getFieldValue, getRecord, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { api, LightningElement, wire } from 'lwc';
import LABELS from './labels';
import { RETRYABLE_STATUSES, statusBadge } from './statuses';

export const RETRY_FLOW = 'Fortnox_Request_Retry';

// Field names as strings with optionalFields (not @salesforce/schema imports with fields): the same
// card serves Opportunity and Order, and a field that is not deployed, or hidden by field-level
// security, must leave a readable card instead of failing the whole wire.
const FIELDS = [
  'Fortnox_Status__c',
  'Fortnox_Invoice_Number__c',
  'Fortnox_Total__c',
  'Fortnox_Balance__c',
  'Fortnox_Due_Date__c',
  'Fortnox_Paid_Date__c',
  'Fortnox_Synced_At__c',
  'Fortnox_Sync_Error__c',
  'Fortnox_Invoice_Link__c',
  // Only in multi-currency orgs; elsewhere the org currency applies.
  'CurrencyIsoCode',
];

// After Retry, fortnox-sync writes back within seconds, but nothing tells this card: CDC through
// lightning/empApi needs View All on the object, which sales reps rarely have. So it looks again a
// few times and stops as soon as the write-back (a new Fortnox_Synced_At__c) has arrived.
export const FOLLOW_UP_DELAYS_MS = [2000, 5000, 10000, 20000];

function messageOf(error) {
  const body = error?.body;
  if (Array.isArray(body))
    return body
      .map((part) => part?.message)
      .filter(Boolean)
      .join(' ');
  return body?.message ?? error?.message ?? '';
}

function isWebLink(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url);
}

export default class FortnoxInvoice extends LightningElement {
  @api recordId;
  @api objectApiName;

  labels = LABELS;
  flowApiName = RETRY_FLOW;
  record;
  loadError;
  retrying = false;
  flowInputs = [];
  syncedAtBeforeRetry;
  followUpTimer;
  refreshHandlerId;

  get optionalFields() {
    return this.objectApiName ? FIELDS.map((field) => `${this.objectApiName}.${field}`) : undefined;
  }

  @wire(getRecord, { recordId: '$recordId', optionalFields: '$optionalFields' })
  wiredRecord({ data, error }) {
    if (data) {
      this.record = data;
      this.loadError = undefined;
      if (this.followUpTimer && this.value('Fortnox_Synced_At__c') !== this.syncedAtBeforeRetry) this.stopFollowUps();
    } else if (error) {
      this.record = undefined;
      this.loadError = messageOf(error);
    }
  }

  connectedCallback() {
    // The record page's own refresh (after an edit or a standard action) reaches us here.
    this.refreshHandlerId = registerRefreshHandler(this, this.refreshHandler);
  }

  disconnectedCallback() {
    unregisterRefreshHandler(this.refreshHandlerId);
    this.stopFollowUps();
  }

  refreshHandler = () => this.refresh().then(() => true);

  refresh() {
    return notifyRecordUpdateAvailable([{ recordId: this.recordId }]);
  }

  /** A refresh nobody waits for: when it fails, the card shows the last values it had. */
  refreshLater() {
    this.refresh().catch(() => undefined);
  }

  value(field) {
    return this.record ? getFieldValue(this.record, `${this.objectApiName}.${field}`) : undefined;
  }

  present(field) {
    const value = this.value(field);
    return value !== undefined && value !== null && value !== '';
  }

  get loading() {
    return !this.record && !this.hasLoadError;
  }

  get hasLoadError() {
    return this.loadError !== undefined;
  }

  /** The status field is absent from the record: not deployed, or not visible to this user. */
  get fieldsMissing() {
    return Boolean(this.record) && this.value('Fortnox_Status__c') === undefined;
  }

  get status() {
    return this.value('Fortnox_Status__c');
  }

  get badge() {
    return this.present('Fortnox_Status__c') ? statusBadge(this.status) : undefined;
  }

  get invoiceNumber() {
    return this.value('Fortnox_Invoice_Number__c');
  }

  get total() {
    return this.value('Fortnox_Total__c');
  }

  get hasTotal() {
    return this.present('Fortnox_Total__c');
  }

  get balance() {
    return this.value('Fortnox_Balance__c');
  }

  get hasBalance() {
    return this.present('Fortnox_Balance__c');
  }

  get currencyCode() {
    return this.value('CurrencyIsoCode') || ORG_CURRENCY;
  }

  get dueDate() {
    return this.value('Fortnox_Due_Date__c');
  }

  get paidDate() {
    return this.value('Fortnox_Paid_Date__c');
  }

  get syncedAt() {
    return this.value('Fortnox_Synced_At__c');
  }

  get syncError() {
    return this.value('Fortnox_Sync_Error__c');
  }

  get pdfUrl() {
    const url = this.value('Fortnox_Invoice_Link__c');
    return isWebLink(url) ? url : undefined;
  }

  get showRetry() {
    if (!this.record || this.fieldsMissing) return false;
    return this.present('Fortnox_Sync_Error__c') || RETRYABLE_STATUSES.has(this.status);
  }

  handleRetry() {
    this.syncedAtBeforeRetry = this.value('Fortnox_Synced_At__c');
    this.flowInputs = [{ name: 'recordId', type: 'String', value: this.recordId }];
    this.retrying = true;
  }

  handleFlowStatus(event) {
    const status = event.detail?.status;
    if (status === 'FINISHED' || status === 'FINISHED_SCREEN') {
      this.retrying = false;
      this.toast('success', LABELS.retryRequestedTitle, LABELS.retryRequestedMessage);
      this.refreshLater();
      this.followUp(0);
    } else if (status === 'ERROR') {
      this.retrying = false;
      this.toast('error', LABELS.retryFailedTitle, LABELS.retryFailedMessage);
    }
  }

  followUp(attempt) {
    this.stopFollowUps();
    const delay = FOLLOW_UP_DELAYS_MS[attempt];
    if (delay === undefined) return;
    this.followUpTimer = setTimeout(() => {
      this.followUpTimer = undefined;
      this.refreshLater();
      this.followUp(attempt + 1);
    }, delay);
  }

  stopFollowUps() {
    clearTimeout(this.followUpTimer);
    this.followUpTimer = undefined;
  }

  toast(variant, title, message) {
    this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
  }
}
