import { z } from 'zod';
import type { Voucher } from '../../core/documents.ts';
import type { SourceAdapter } from '../source.ts';
import { sieRoutes } from './sie-routes.ts';

/**
 * SIE4 files as a source: each imported verification (`#VER` with its `#TRANS` rows) becomes one
 * Fortnox voucher through the voucher sink. Files come in by the dashboard's upload page
 * (`/sources/sie/`), its API (`POST /sources/sie/files`) or `npm run sie:import`; the verifications
 * are kept in `sie_verifications`, from which a retry reads them again.
 */
export const sieSettingsSchema = z.object({
  /** The shop as the books know it; one input per location and day. Default: the connection key. */
  location: z.string().min(1).max(40).nullable().default(null).meta({ title: 'Location name for the books' }),
});

export const sieSource: SourceAdapter = {
  system: 'sie',
  label: 'SIE file',
  referenceStyle: 'qualified',
  idSchema: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/),
  objects: {
    verification: { role: 'voucher', words: { document: 'SIE verification', customer: 'customer', line: 'row' } },
  },
  settingsSchema: sieSettingsSchema,
  connectPath: '/sources/sie/',
  documentFields: () => undefined,
  customerFields: () => undefined,
  open: (services) => ({
    readDocument: async () => ({ kind: 'gone' }),
    readCustomer: async () => ({ kind: 'gone' }),
    readVoucher: async (_ctx, ref) => {
      const { rows } = await services.pool.query<{ voucher: Voucher }>(
        'SELECT voucher FROM sie_verifications WHERE connection = $1 AND id = $2',
        [ref.connection, ref.id],
      );
      const voucher = rows[0]?.voucher;
      return voucher === undefined ? { kind: 'gone' } : { kind: 'voucher', voucher };
    },
    routes: (router) => sieRoutes(router, services),
  }),
};
