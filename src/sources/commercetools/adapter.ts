import type { SourceAdapter } from '../source.ts';
import { commercetoolsConfigSchema, connectionsFromConfig } from './config.ts';
import { commercetoolsId, OBJECTS, SYSTEM } from './ids.ts';
import { commercetoolsRecordUrl } from './record-url.ts';
import { type CommercetoolsRuntimeOptions, openCommercetools } from './runtime.ts';
import { commercetoolsSettingsSchema } from './settings.ts';
import { orderFields } from './status-fields.ts';
import { customerFields } from './writeback.ts';

const ORDER_WORDS = { document: 'order', customer: 'customer', line: 'line item' };

/**
 * commercetools as a source: orders become Fortnox invoices once paid or confirmed (a setting),
 * captures payments and refunds credit invoices against them; the Fortnox number goes back to the
 * order's `syncInfo`. Changes arrive through the Messages feed of each connected project (one
 * connection per project, keyed by project key), with a reconciliation by `lastModifiedAt`.
 */
export const commercetoolsSource: SourceAdapter = {
  system: SYSTEM,
  label: 'commercetools',
  referenceStyle: 'qualified',
  connectPath: '/connect',
  idSchema: commercetoolsId,
  objects: {
    [OBJECTS.order]: { role: 'document', words: ORDER_WORDS },
    [OBJECTS.customer]: { role: 'customer', words: { document: 'customer', customer: 'customer', line: 'line' } },
    [OBJECTS.businessUnit]: {
      role: 'customer',
      words: { document: 'business unit', customer: 'business unit', line: 'line' },
    },
    [OBJECTS.guest]: {
      role: 'customer',
      words: { document: 'order', customer: 'order’s billing address', line: 'line' },
    },
    [OBJECTS.refund]: { role: 'credit', words: { document: 'refund', customer: 'customer', line: 'returned line' } },
    [OBJECTS.capture]: { role: 'payment', words: { document: 'capture', customer: 'customer', line: 'line' } },
    // Bookkeeping model "voucher": a capture or refund booked as a voucher of its own.
    [OBJECTS.transaction]: { role: 'voucher', words: { document: 'payment', customer: 'customer', line: 'row' } },
  },
  settingsSchema: commercetoolsSettingsSchema,
  configSchema: commercetoolsConfigSchema,
  connectionsFromConfig,
  documentFields: orderFields,
  customerFields,
  recordUrl: commercetoolsRecordUrl,
  open: (services) => openCommercetools(services, services.sourceOptions?.commercetools as CommercetoolsRuntimeOptions),
};
