import type { SourceAdapter } from '../source.ts';
import { bigcommerceConfigSchema } from './config.ts';
import { bigcommerceId, OBJECTS, parsePaymentId } from './ids.ts';
import { bigcommerceRecordUrl } from './record-url.ts';
import { type BigCommerceRuntimeOptions, openBigCommerce } from './runtime.ts';
import { bigcommerceSettingsSchema } from './settings.ts';
import { orderFields } from './writeback.ts';

/**
 * BigCommerce as a source: orders become Fortnox invoices (or orders), refunds credit invoices
 * against them, captures payments; the Fortnox status goes back to the order as a metafield.
 * Stores are connected from the dashboard (POST /sources/bigcommerce/connect), each a connection.
 */
export const bigcommerceSource: SourceAdapter = {
  system: 'bigcommerce',
  label: 'BigCommerce',
  referenceStyle: 'qualified',
  idSchema: bigcommerceId,
  objects: {
    order: { role: 'document', words: { document: 'order', customer: 'customer', line: 'order line' } },
    refund: { role: 'credit', words: { document: 'refund', customer: 'customer', line: 'refunded line' } },
    transaction: {
      role: 'payment',
      words: { document: 'payment', customer: 'customer', line: 'line' },
      documentOf: (ref) => {
        const id = parsePaymentId(ref.id);
        return id === undefined ? undefined : { ...ref, object: OBJECTS.order, id: String(id.orderId) };
      },
    },
    customer: { role: 'customer', words: { document: 'customer', customer: 'customer', line: 'line' } },
    guest: { role: 'customer', words: { document: 'customer', customer: 'guest shopper', line: 'line' } },
  },
  settingsSchema: bigcommerceSettingsSchema,
  configSchema: bigcommerceConfigSchema,
  documentFields: orderFields,
  customerFields: () => undefined,
  connectPath: '/connect',
  recordUrl: bigcommerceRecordUrl,
  open: (services) =>
    openBigCommerce(services, services.sourceOptions?.bigcommerce as BigCommerceRuntimeOptions | undefined),
};
