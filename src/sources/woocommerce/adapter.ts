import { z } from 'zod';
import type { SourceAdapter } from '../source.ts';
import { WOO_CONNECTION, wooConfig, wooConfigSchema } from './config.ts';
import { WOO_CONNECT_PATH } from './connect.ts';
import { wooRecordUrl } from './record-url.ts';
import { openWooCommerce, type WooRuntimeOptions } from './runtime.ts';
import { wooSettingsSchema } from './settings.ts';
import { META, orderFields } from './writeback.ts';

/**
 * WooCommerce (with WooCommerce Subscriptions renewal orders) as a source: orders on the chosen
 * statuses become Fortnox invoices (or orders) through the shared shop mapping, refunds credit
 * notes, paid orders payments; the Fortnox number and status go back as order meta and a note.
 */

const words = { document: 'order', customer: 'customer', line: 'order line' };

export const wooSource: SourceAdapter = {
  system: 'woocommerce',
  label: 'WooCommerce',
  referenceStyle: 'qualified',
  // Orders and customers by number; a guest buyer `e<digest of e-mail>` or `g<order>`; the shared private customer `b2c`; a refund `<order>-<refund>`.
  idSchema: z.string().regex(/^(?:\d{1,15}|g\d{1,15}|e[0-9a-f]{24}|b2c|\d{1,15}-\d{1,15})$/, 'not a WooCommerce id'),
  objects: {
    order: { role: 'document', words },
    customer: { role: 'customer', words: { ...words, document: 'customer' } },
    refund: { role: 'credit', words: { ...words, document: 'refund' } },
    payment: { role: 'payment', words: { ...words, document: 'payment' } },
    // A product or variation by its id (setting `products`): its SKU is the article number.
    product: { role: 'article', words: { ...words, document: 'product' } },
  },
  settingsSchema: wooSettingsSchema,
  configSchema: wooConfigSchema,
  connectionsFromConfig: (config) =>
    wooConfig(config).WOOCOMMERCE_URL === undefined ? [] : [{ key: WOO_CONNECTION, label: 'WooCommerce shop' }],
  connectPath: WOO_CONNECT_PATH,
  documentFields: orderFields,
  customerFields: () => undefined,
  recordUrl: wooRecordUrl,
  open: (services) => openWooCommerce(services, services.sourceOptions?.woocommerce as WooRuntimeOptions),
};

export { META as WOO_META };
