import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { AppError, toAppError } from '../../core/errors.ts';
import { getConsoleRecord } from '../../db/console-records.repo.ts';
import { accessOf, validCsrf } from '../access/session.ts';
import { type DashboardDeps, retryRecord } from '../routes/dashboard-records.ts';
import { messagePage } from './layout.ts';
import { fortnoxUrl, sourceLinker } from './links.ts';
import { relinkCustomer, skipRecord } from './record-actions.ts';
import { jobAttempts, linkedCustomerNumber, timeline } from './record-history.ts';
import { renderRecordPage } from './record-view.ts';

/** `/records/:id`: one record's page and its actions (retry now, skip with a reason, re-link the customer). */

const idOf = (req: Request): number | undefined => {
  const raw = String(req.params.id ?? '');
  return /^\d{1,18}$/.test(raw) ? Number(raw) : undefined;
};

export function registerRecordRoutes(app: Express, deps: DashboardDeps, admin: RequestHandler): void {
  const form = express.urlencoded({ extended: false, limit: '20kb' });

  app.get('/records/:id', admin, async (req: Request, res: Response, next: NextFunction) => {
    const id = idOf(req);
    if (id === undefined) return next();
    const record = await getConsoleRecord(deps.pool, id);
    res.setHeader('Cache-Control', 'no-store');
    if (record === undefined)
      return void res
        .status(404)
        .type('html')
        .send(
          messagePage('No such record', `There is no record ${id}. It may have moved to another Fortnox company.`, {
            href: '/records',
            label: 'Search the records',
          }),
        );
    const [events, jobs, sourceUrl, customer] = await Promise.all([
      timeline(deps.pool, id),
      jobAttempts(deps.pool, record),
      sourceLinker(deps.connections, deps.config)(record),
      linkedCustomerNumber(deps.pool, id),
    ]);
    res.type('html').send(
      renderRecordPage({
        record,
        sourceUrl,
        fortnoxUrl: fortnoxUrl(deps.config, record),
        customerNumber: customer,
        events,
        jobs,
        formToken: accessOf(res).csrf,
        notice: typeof req.query.notice === 'string' ? req.query.notice.slice(0, 400) : undefined,
      }),
    );
  });

  /** Runs an action and comes back to the record's page with what happened, or what to do instead. */
  const action =
    (work: (id: number, body: Record<string, unknown>, correlationId: string, actor: string) => Promise<string>) =>
    async (req: Request, res: Response, next: NextFunction) => {
      const id = idOf(req);
      if (id === undefined) return next();
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (!validCsrf(res, body.token))
        return void res
          .status(403)
          .type('html')
          .send(
            messagePage('This form has expired', 'Reload the record’s page and try again.', {
              href: `/records/${id}`,
              label: 'Back to the record',
            }),
          );
      let notice: string;
      try {
        notice = await work(id, body, res.locals.correlationId, accessOf(res).actor);
      } catch (error) {
        const err = toAppError(error);
        if (!(error instanceof AppError)) res.locals.logger.error('record action failed', { error: err });
        notice = err.userMessage;
      }
      res.redirect(303, `/records/${id}?notice=${encodeURIComponent(notice)}`);
    };

  app.post(
    '/records/:id/retry',
    admin,
    form,
    action((id, _body, correlationId) => retryRecord(deps, id, correlationId)),
  );
  app.post(
    '/records/:id/skip',
    admin,
    form,
    action((id, body, correlationId, actor) => skipRecord(deps, id, String(body.reason ?? ''), actor, correlationId)),
  );
  app.post(
    '/records/:id/relink',
    admin,
    form,
    action((id, body, correlationId, actor) =>
      relinkCustomer(deps, id, String(body.customerNumber ?? ''), actor, correlationId),
    ),
  );
}
