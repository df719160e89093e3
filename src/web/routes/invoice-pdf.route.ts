import type { Express, Request, Response } from 'express';
import type pg from 'pg';
import type { Config } from '../../config.ts';
import type { Logger } from '../../core/logger.ts';
import { createFortnox, FortnoxNotFoundError } from '../../fortnox/index.ts';
import { createLinkSigner, linkBaseUrl } from '../../status/invoice-link.ts';
import { watchedOrFinalInvoice } from '../../status/status-ledger.ts';

/**
 * `GET /invoices/{tenant}/{number}.pdf?expires=…&signature=…` — the target of
 * `Fortnox_Invoice_Link__c`. The signature is checked before anything else is looked up, so a
 * tampered or expired link gets 403 and never reveals whether another invoice exists. A valid
 * link streams the PDF Fortnox renders (`/preview`, which does not mark the invoice sent).
 */

interface PdfRouteDeps {
  pool: pg.Pool;
  config: Config;
  logger: Logger;
}

function refuse(res: Response, status: 403 | 404 | 502, message: string): void {
  res.status(status).setHeader('Cache-Control', 'no-store');
  res.type('text/plain').send(message);
}

const query = (req: Request, name: string): string | undefined =>
  typeof req.query[name] === 'string' ? req.query[name] : undefined;

export function registerInvoicePdfRoute(app: Express, deps: PdfRouteDeps): void {
  const { config, pool, logger } = deps;
  const fortnox = createFortnox({ pool, config, logger });
  // Verification does not need the base URL; links are minted by the worker with the same secret.
  const signer = createLinkSigner({
    appSecret: config.APP_SECRET,
    baseUrl: linkBaseUrl(config),
    ttlDays: config.INVOICE_LINK_TTL_DAYS,
  });

  app.get('/invoices/:tenant/:file', async (req: Request, res: Response) => {
    const file = /^(\d{1,20})\.pdf$/.exec(String(req.params.file));
    const tenantId = String(req.params.tenant);
    if (file === null || !/^\d{1,12}$/.test(tenantId)) return refuse(res, 403, 'This link is not valid.');
    const verdict = signer.verify({
      tenantId,
      documentNumber: file[1]!,
      expires: query(req, 'expires'),
      signature: query(req, 'signature'),
    });
    if (!verdict.ok) {
      res.locals.logger.warn('invoice link refused', { reason: verdict.reason });
      return refuse(
        res,
        403,
        verdict.reason === 'expired'
          ? 'This link has expired; open the record again where you found it for a fresh link.'
          : 'This link is not valid.',
      );
    }
    const { documentNumber } = verdict.ref;
    if (!(await watchedOrFinalInvoice(pool, tenantId, documentNumber))) return refuse(res, 404, 'No such invoice.');
    try {
      const pdf = await fortnox.client(tenantId, res.locals.logger).invoices.preview(documentNumber);
      res.status(200).setHeader('Cache-Control', 'private, no-store');
      res.type('application/pdf').setHeader('Content-Disposition', `inline; filename="invoice-${documentNumber}.pdf"`);
      res.end(pdf);
    } catch (error) {
      if (error instanceof FortnoxNotFoundError) return refuse(res, 404, 'Fortnox no longer has this invoice.');
      res.locals.logger.error('invoice pdf failed', { error, tenantId, documentNumber });
      return refuse(res, 502, 'Fortnox did not deliver the PDF; try again in a minute.');
    }
  });
}
