import type { SourceAdapter } from '../source.ts';
import { SALESFORCE_REQUIRED_IN_PRODUCTION, salesforceConfigSchema } from './config.ts';
import { salesforceId } from './ids.ts';
import { LEGACY_JOBS, legacyPayload } from './legacy-jobs.ts';
import { accountFields, opportunityFields } from './outcome-fields.ts';
import { salesforceRecordUrl } from './record-url.ts';
import { openSalesforce, type SalesforceRuntimeOptions } from './runtime.ts';
import { ORG_CONNECTION, salesforceSettingsSchema } from './settings.ts';

/**
 * Salesforce as a source: Accounts become Fortnox customers, won Opportunities (and, by setting,
 * activated Orders) invoice or order drafts, Products (by setting) articles, and what finance does in Fortnox flows back to fields
 * on the record. One org, the one the environment configures (JWT bearer as the integration user),
 * as connection `default`.
 */
export const salesforceSource: SourceAdapter = {
  system: 'salesforce',
  label: 'Salesforce',
  // Invoices made before other sources existed carry the bare Opportunity id; adoption must still find them.
  referenceStyle: 'bare',
  idSchema: salesforceId,
  objects: {
    Opportunity: {
      role: 'document',
      words: { document: 'Opportunity', customer: 'Account', line: 'product line', informal: 'deal' },
    },
    // Activated Orders with their Order Products, for orgs that invoice from Orders (setting invoiceObjects).
    Order: {
      role: 'document',
      words: { document: 'Order', customer: 'Account', line: 'order product', informal: 'order' },
    },
    Account: { role: 'customer', words: { document: 'Account', customer: 'Account', line: 'line' } },
    // Products and their standard price become Fortnox articles (setting syncProducts).
    Product2: { role: 'article', words: { document: 'Product', customer: 'Account', line: 'line' } },
  },
  settingsSchema: salesforceSettingsSchema,
  configSchema: salesforceConfigSchema,
  requiredInProduction: { worker: SALESFORCE_REQUIRED_IN_PRODUCTION },
  connectionsFromConfig: () => [{ key: ORG_CONNECTION, label: 'Salesforce org' }],
  documentFields: opportunityFields,
  customerFields: accountFields,
  legacyPayload,
  jobs: LEGACY_JOBS,
  recordUrl: salesforceRecordUrl,
  open: (services) => openSalesforce(services, services.sourceOptions?.salesforce as SalesforceRuntimeOptions),
};
