import type { CustomerOutcome, DocumentOutcome, FieldValues } from '../source.ts';
import { ACCOUNT_FIELDS, OPPORTUNITY_FIELDS, STATUS_LABELS, SYNC_ERROR_MAX } from './fields.ts';

/**
 * What Salesforce is told after each outcome: the Opportunity's Fortnox fields (status, number,
 * amounts, dates, the plain-English error, the PDF link) and the Account's customer number or
 * error. `Fortnox_Synced_At__c` is the last time we wrote the record — success or failure alike.
 */

function errorText(message: string | null): string | null {
  if (message === null) return null;
  return message.length <= SYNC_ERROR_MAX ? message : `${message.slice(0, SYNC_ERROR_MAX - 1)}…`;
}

export function opportunityFields(outcome: DocumentOutcome): FieldValues | undefined {
  const { record } = outcome;
  // Products have no Fortnox fields: an article's state is seen on the dashboard only.
  if (record.kind === 'article') return undefined;
  const status = record.state in STATUS_LABELS ? STATUS_LABELS[record.state as keyof typeof STATUS_LABELS] : null;
  const fields: FieldValues = {
    [OPPORTUNITY_FIELDS.status]: status,
    [OPPORTUNITY_FIELDS.syncError]: errorText(record.errorMessage),
    [OPPORTUNITY_FIELDS.syncedAt]: outcome.at.toISOString(),
  };
  if (record.fortnoxNumber !== null) {
    Object.assign(fields, {
      [OPPORTUNITY_FIELDS.invoiceNumber]: record.fortnoxNumber,
      [OPPORTUNITY_FIELDS.total]: record.fortnoxTotal,
      [OPPORTUNITY_FIELDS.balance]: record.fortnoxBalance,
      [OPPORTUNITY_FIELDS.dueDate]: record.dueDate,
      [OPPORTUNITY_FIELDS.paidDate]: record.paidDate,
    });
  }
  if (outcome.pdfUrl !== undefined) fields[OPPORTUNITY_FIELDS.invoiceLink] = outcome.pdfUrl;
  return fields;
}

export function accountFields(outcome: CustomerOutcome): FieldValues {
  return outcome.kind === 'linked'
    ? { [ACCOUNT_FIELDS.customerNumber]: outcome.customerNumber, [ACCOUNT_FIELDS.syncError]: null }
    : { [ACCOUNT_FIELDS.syncError]: errorText(outcome.message) };
}
