import type { SourceRef } from '../../src/core/documents.ts';

/** A Salesforce record of the org connection the environment configures, as a job's source reference. */
export function sfRef(object: 'Opportunity' | 'Account', id: string): SourceRef {
  return { system: 'salesforce', connection: 'default', object, id };
}

/** The core job an older, Salesforce-named job became (tests count jobs by what they mean). */
export const CORE_JOB: Record<string, { name: string; reason: string | null }> = {
  'invoice.create': { name: 'document.sync', reason: 'create' },
  'invoice.amend': { name: 'document.sync', reason: 'amend' },
  'customer.sync': { name: 'customer.sync', reason: null },
};
