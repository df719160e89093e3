import { z } from 'zod';

/** A Salesforce record id: 15 characters (case-sensitive) or 18 (case-safe). The one definition. */
export const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

export const salesforceId = z.string().regex(SALESFORCE_ID, 'not a Salesforce id');

export function isSalesforceId(value: string): boolean {
  return SALESFORCE_ID.test(value);
}
