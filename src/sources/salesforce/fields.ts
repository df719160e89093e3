import { STATE_LABELS, type SyncState } from '../../core/sync-state.ts';
import { INVOICE_STATUSES } from '../../status/status-model.ts';

/**
 * Our custom field API names, as deployed from `salesforce/` (the SFDX metadata is the source of
 * truth; the emulator loads the same files). Kept in one place so a rename is one edit here and one
 * in the metadata.
 */
export const OPPORTUNITY_FIELDS = {
  invoiceNumber: 'Fortnox_Invoice_Number__c',
  status: 'Fortnox_Status__c',
  total: 'Fortnox_Total__c',
  balance: 'Fortnox_Balance__c',
  dueDate: 'Fortnox_Due_Date__c',
  paidDate: 'Fortnox_Paid_Date__c',
  syncedAt: 'Fortnox_Synced_At__c',
  syncError: 'Fortnox_Sync_Error__c',
  invoiceLink: 'Fortnox_Invoice_Link__c',
} as const;

/**
 * Fields people set on the Opportunity for us to read (never written by us): which Fortnox company
 * invoices the deal, for routing rules such as `field:Fortnox_Company__c=Nordic AB → 1004`.
 */
export const OPPORTUNITY_INPUT_FIELDS = {
  company: 'Fortnox_Company__c',
} as const;

export const ACCOUNT_FIELDS = {
  customerNumber: 'Fortnox_Customer_Number__c',
  organisationNumber: 'Organisation_Number__c',
  vatNumber: 'VAT_Number__c',
  invoiceEmail: 'Invoice_Email__c',
  syncError: 'Fortnox_Sync_Error__c',
} as const;

/**
 * Fortnox_Status__c picklist values (salesforce/…/Fortnox_Status__c.field-meta.xml): the core's label
 * of every state a document can be in. The picklist is restricted, so `synced` and `skipped` (not
 * document states a rep sees) are left out rather than written and refused.
 */
const PICKLIST_STATES = [
  'pending',
  'creating',
  ...INVOICE_STATUSES,
  'needs_attention',
] as const satisfies readonly SyncState[];
export const STATUS_LABELS = Object.fromEntries(PICKLIST_STATES.map((state) => [state, STATE_LABELS[state]])) as Record<
  (typeof PICKLIST_STATES)[number],
  string
>;

/** Long text areas hold more, but the message must stay readable in a page layout. */
export const SYNC_ERROR_MAX = 1000;
