import express, { type NextFunction, type Request, type Response } from 'express';
import { ZodError } from 'zod';
import { type ApiLocals, authenticate, type GateDeps, sendError, storeFaultGate, versionOf } from './api-gate.ts';
import { bigCommerceControl } from './control-routes.ts';
import { BcError } from './errors.ts';
import { settleStock } from './inventory.ts';
import { pageRouter } from './page.ts';
import { b2bRouter } from './routes-b2b.ts';
import { v2Router } from './routes-v2.ts';
import { v3CatalogRouter } from './routes-v3-catalog.ts';
import { v3CustomersRouter } from './routes-v3-customers.ts';
import { v3HooksRouter } from './routes-v3-hooks.ts';
import { v3MetafieldsRouter } from './routes-v3-metafields.ts';
import { v3OrdersRouter } from './routes-v3-orders.ts';
import type { EmulatorState } from './state.ts';

/**
 * The whole emulator as one express app: `/stores/{hash}/v2|v3/…` (api.bigcommerce.com),
 * `/api/v3/io/…` (api-b2b.bigcommerce.com), `/__control` and the page at `/`.
 */
export function buildApp(state: EmulatorState): express.Express {
  const deps: GateDeps = { stores: state.stores, faults: state.faults, stats: state.stats, limiter: state.limiter };
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use('/__control', bigCommerceControl(state));
  app.use('/api/v3/io', b2bRouter(state.stores));

  const api = express.Router({ mergeParams: true });
  api.use((_req, res, next) => {
    settleStock((res.locals.api as ApiLocals).store);
    next();
  });
  api.use('/v2', v2Router());
  api.use('/v3', v3OrdersRouter(), v3MetafieldsRouter(), v3CatalogRouter(), v3CustomersRouter());
  api.use('/v3', v3HooksRouter(state.delivery.blocklist, state.adminEmails));
  api.use((req: Request, res: Response) => {
    const v2 = versionOf(req) === 'v2';
    sendError(res, new BcError(404, v2 ? 'The requested resource was not found.' : 'Not Found'), v2 ? 'v2' : 'v3');
  });
  app.use('/stores/:hash', storeFaultGate(deps), authenticate(deps), api);

  app.use(pageRouter(state));
  // Anything a route did not turn into a BigCommerce answer is still answered in the version's shape.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const style = versionOf(req);
    if (err instanceof BcError) return sendError(res, err, style);
    if (err instanceof ZodError) {
      const errors = Object.fromEntries(err.issues.map((i) => [i.path.join('.') || 'body', i.message]));
      return sendError(
        res,
        new BcError(style === 'v2' ? 400 : 422, 'JSON data is missing or invalid', { errors }),
        style,
      );
    }
    sendError(res, new BcError(500, err instanceof Error ? err.message : 'Internal Server Error'), style);
  });
  return app;
}
