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

export const ACCOUNT_FIELDS = {
  customerNumber: 'Fortnox_Customer_Number__c',
  organisationNumber: 'Organisation_Number__c',
  vatNumber: 'VAT_Number__c',
  invoiceEmail: 'Invoice_Email__c',
  syncError: 'Fortnox_Sync_Error__c',
} as const;

/** Fortnox_Status__c picklist values (salesforce/…/Fortnox_Status__c.field-meta.xml). */
export const STATUS_LABELS = {
  pending: 'Pending',
  creating: 'Pending',
  draft: 'Draft',
  booked: 'Booked',
  sent: 'Sent',
  partially_paid: 'Partially Paid',
  paid: 'Paid',
  overdue: 'Overdue',
  credited: 'Credited',
  cancelled: 'Cancelled',
  needs_attention: 'Needs Attention',
} as const;

/** Long text areas hold more, but the message must stay readable in a page layout. */
export const SYNC_ERROR_MAX = 1000;
