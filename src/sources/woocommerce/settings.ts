import { z } from 'zod';
import { shopSettingsShape } from '../shop/settings.ts';

/**
 * Settings of one WooCommerce shop connection: which order statuses want a Fortnox document, how
 * WooCommerce Subscriptions renewal orders are recognised, where the shop keeps VAT, organisation
 * and GLN numbers (plugins differ) — and the shared shop mapping.
 */
export const wooSettingsSchema = z.object({
  invoiceStatuses: z
    .array(z.string().regex(/^[a-z0-9_-]{1,40}$/))
    .min(1)
    .default(['processing', 'completed'])
    .meta({ title: 'Order statuses that become a Fortnox document (comma separated)' }),
  includeRenewals: z.boolean().default(true).meta({ title: 'Invoice WooCommerce Subscriptions renewal orders' }),
  // Unverified whether WCS shows `_subscription_renewal` in REST meta_data; `created_via` is the second sign.
  renewalMetaKey: z
    .string()
    .min(1)
    .default('_subscription_renewal')
    .meta({ title: 'Meta key marking a renewal order' }),
  renewalCreatedVia: z.string().min(1).default('subscription').meta({ title: '`created_via` of renewal orders' }),
  vatNumberMetaKeys: z
    .array(z.string().min(1))
    .default(['_billing_vat_number', '_vat_number', 'vat_number'])
    .meta({ title: 'Order meta keys holding the buyer’s VAT number' }),
  organisationNumberMetaKeys: z
    .array(z.string().min(1))
    .default(['_billing_org_number', '_billing_organisation_number'])
    .meta({ title: 'Order meta keys holding the organisation number' }),
  glnMetaKeys: z
    .array(z.string().min(1))
    .default(['_billing_gln', '_billing_ean'])
    .meta({ title: 'Order meta keys holding a GLN/EAN for e-invoicing' }),
  productPricesIncludeVat: z.boolean().default(true).meta({
    title: 'Product prices are entered including VAT (WooCommerce → Settings → Tax → Prices entered with tax)',
    description: 'Price list A in Fortnox holds prices excluding VAT; with this on the VAT is taken out first.',
  }),
  ...shopSettingsShape,
});

export type WooSettings = z.infer<typeof wooSettingsSchema>;
