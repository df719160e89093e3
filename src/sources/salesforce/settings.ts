import { z } from 'zod';

/**
 * Settings of one Salesforce org connection (the dashboard renders them from this schema). Which
 * stages mean "won" is the org's own vocabulary, so it lives here, not in the Fortnox settings.
 */
export const salesforceSettingsSchema = z.object({
  wonStages: z.array(z.string().min(1)).min(1).default(['Closed Won']).meta({
    title: 'Won stages (comma separated)',
    description: 'Opportunity stages that mean the deal is won and becomes a Fortnox document (IsWon always counts).',
  }),
  invoiceObjects: z.enum(['opportunities', 'orders', 'both']).default('opportunities').meta({
    title: 'Invoice from',
    description:
      'Which records become Fortnox documents: won Opportunities, activated Orders, or both (an Opportunity and an Order made from it are never both invoiced).',
  }),
  syncProducts: z.boolean().default(false).meta({
    title: 'Products become Fortnox articles',
    description:
      'Each Product (with its standard price book price) is created and kept up to date as the Fortnox article with its Product Code, in every Fortnox company the documents can go to. Needs Product2 and PricebookEntry selected for Change Data Capture. Inactive products become inactive articles; nothing is deleted in Fortnox.',
  }),
});

export type InvoiceObjects = SalesforceSettings['invoiceObjects'];

/** Whether a connection makes new documents from records of this object. */
export function invoicesFrom(settings: Pick<SalesforceSettings, 'invoiceObjects'>, object: string): boolean {
  if (settings.invoiceObjects === 'both') return object === 'Opportunity' || object === 'Order';
  return object === (settings.invoiceObjects === 'orders' ? 'Order' : 'Opportunity');
}

export type SalesforceSettings = z.infer<typeof salesforceSettingsSchema>;

export const DEFAULT_SALESFORCE_SETTINGS: SalesforceSettings = salesforceSettingsSchema.parse({});

/** The connection key of the org configured by the environment. */
export const ORG_CONNECTION = 'default';
