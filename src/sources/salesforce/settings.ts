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
});

export type SalesforceSettings = z.infer<typeof salesforceSettingsSchema>;

export const DEFAULT_SALESFORCE_SETTINGS: SalesforceSettings = salesforceSettingsSchema.parse({});

/** The connection key of the org configured by the environment. */
export const ORG_CONNECTION = 'default';
