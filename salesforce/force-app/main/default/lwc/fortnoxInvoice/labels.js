// Every text on the card is a custom label (English default, Swedish in translations/sv), so an
// admin can reword it in Setup without touching code.

import title from '@salesforce/label/c.Fortnox_Card_Title';
import fieldsMissing from '@salesforce/label/c.Fortnox_Fields_Missing';
import balance from '@salesforce/label/c.Fortnox_Label_Balance';
import dueDate from '@salesforce/label/c.Fortnox_Label_Due_Date';
import error from '@salesforce/label/c.Fortnox_Label_Error';
import invoiceNumber from '@salesforce/label/c.Fortnox_Label_Invoice_Number';
import paidDate from '@salesforce/label/c.Fortnox_Label_Paid_Date';
import status from '@salesforce/label/c.Fortnox_Label_Status';
import syncedAt from '@salesforce/label/c.Fortnox_Label_Synced_At';
import total from '@salesforce/label/c.Fortnox_Label_Total';
import newTab from '@salesforce/label/c.Fortnox_Link_New_Tab';
import pdf from '@salesforce/label/c.Fortnox_Link_Pdf';
import loadError from '@salesforce/label/c.Fortnox_Load_Error';
import notSynced from '@salesforce/label/c.Fortnox_Not_Synced';
import retry from '@salesforce/label/c.Fortnox_Retry';
import retryFailedMessage from '@salesforce/label/c.Fortnox_Retry_Failed_Message';
import retryFailedTitle from '@salesforce/label/c.Fortnox_Retry_Failed_Title';
import retryRequestedMessage from '@salesforce/label/c.Fortnox_Retry_Requested_Message';
import retryRequestedTitle from '@salesforce/label/c.Fortnox_Retry_Requested_Title';

export default {
  balance,
  dueDate,
  error,
  fieldsMissing,
  invoiceNumber,
  loadError,
  newTab,
  notSynced,
  paidDate,
  pdf,
  retry,
  retryFailedMessage,
  retryFailedTitle,
  retryRequestedMessage,
  retryRequestedTitle,
  status,
  syncedAt,
  title,
  total,
};
