import { z } from 'zod';
import type { SourceAdapter } from '../source.ts';
import { RETURN_OBJECT, SALE_ID, SALE_OBJECT } from './on-account.ts';
import { SYSTEM } from './poll.ts';
import { type LightspeedOptions, openLightspeed } from './runtime.ts';
import { lightspeedConfigSchema, lightspeedSettingsSchema } from './settings.ts';

/**
 * Lightspeed Restaurant K-Series as a source: every closed business day of a connected location
 * becomes one Fortnox voucher (object `day`, id = the business date); each sale wholly on account
 * becomes a customer invoice (object `sale`, id = `{date}_{accountFiscId}`). Nothing is written back.
 */
export const lightspeedSource: SourceAdapter = {
  system: SYSTEM,
  label: 'Lightspeed K-Series',
  referenceStyle: 'qualified',
  idSchema: z.union([z.iso.date(), z.string().regex(SALE_ID), z.string().regex(/^[A-Za-z0-9-]{1,40}$/)]),
  objects: {
    day: {
      role: 'voucher',
      words: { document: 'Z report', customer: 'customer', line: 'sales line', informal: 'day' },
    },
    [SALE_OBJECT]: {
      role: 'document',
      words: { document: 'sale on account', customer: 'customer', line: 'sales line', informal: 'sale' },
    },
    [RETURN_OBJECT]: {
      role: 'credit',
      words: { document: 'return on account', customer: 'customer', line: 'sales line', informal: 'return' },
    },
    customer: { role: 'customer', words: { document: 'sale on account', customer: 'customer', line: 'sales line' } },
  },
  settingsSchema: lightspeedSettingsSchema,
  connectPath: '/sources/lightspeed/connect',
  configSchema: lightspeedConfigSchema,
  documentFields: () => undefined,
  customerFields: () => undefined,
  open: (services) => openLightspeed(services, (services.sourceOptions?.[SYSTEM] ?? {}) as LightspeedOptions),
};
