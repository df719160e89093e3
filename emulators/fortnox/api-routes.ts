import express, { type Request, type Response } from 'express';
import { queryOf, readBody } from '../kit/index.ts';
import { send, sendError } from './answers.ts';
import { type ApiLocals, apiGate, finish } from './api-pipeline.ts';
import * as crud from './crud.ts';
import { FortnoxError, KNOWN } from './errors.ts';
import type { ApiResult, ResourceDef } from './resource.ts';
import { articles } from './resources/articles.ts';
import { customers } from './resources/customers.ts';
import { getSeries, getYear, listSeries, listYears, lockedPeriod } from './resources/financial-years.ts';
import { bookkeep, cancel, credit, externalPrint, pdf } from './resources/invoice-actions.ts';
import { bookkeepPayment, deletePayment, invoicePayments } from './resources/invoice-payments.ts';
import { invoices } from './resources/invoices.ts';
import { cancelOrder, createInvoiceFromOrder, orders } from './resources/orders.ts';
import { getPredefined, listPredefined, updatePredefined } from './resources/predefined-accounts.ts';
import { createPrice, deletePrice, getPrice, listPriceLists, priceSublist, updatePrice } from './resources/prices.ts';
import {
  accounts,
  costcenters,
  currencies,
  modesofpayments,
  projects,
  termsofpayments,
  units,
} from './resources/settings.ts';
import { createVoucher, getVoucher, listVouchers } from './resources/vouchers.ts';
import { companyInformation } from './seed.ts';
import type { EmulatorState } from './state.ts';
import type { Tenant } from './tenant.ts';

interface Call {
  t: Tenant;
  id: string;
  q: URLSearchParams;
  body: unknown;
  p: Record<string, string>;
}
type Handler = (c: Call) => ApiResult;

const RESOURCES: ResourceDef[] = [
  customers,
  articles,
  invoices,
  invoicePayments,
  orders,
  units,
  termsofpayments,
  modesofpayments,
  costcenters,
  currencies,
  projects,
  accounts,
];

function parseJson(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new FortnoxError(400, KNOWN.badJson.code, KNOWN.badJson.message);
  }
}

/** The /3/ API: gate (auth, faults, rate limit), then one route per Fortnox endpoint. */
export function apiRouter(state: EmulatorState): express.Router {
  const r = express.Router();
  r.use(...apiGate(state));
  const on = (method: 'get' | 'post' | 'put' | 'delete', path: string, scope: string, h: Handler): void => {
    r[method](path, async (req: Request, res: Response) => {
      const locals = res.locals.api as ApiLocals;
      const raw = method === 'post' || method === 'put' ? await readBody(req) : '';
      if (!locals.claims.scope.split(' ').includes(scope)) {
        // [unverified] HTTP status of a missing scope; the code is documented.
        return sendError(res, new FortnoxError(403, KNOWN.noScope.code, KNOWN.noScope.message));
      }
      const p = Object.fromEntries(Object.entries(req.params).map(([k, v]) => [k, String(v)]));
      finish(res, () => h({ t: locals.tenant, id: p.id ?? '', q: queryOf(req.originalUrl), body: parseJson(raw), p }));
    });
  };
  for (const def of RESOURCES) {
    const base = `/${def.path}`;
    on('get', base, def.scope, (c) => crud.list(def, c.t, c.q));
    on('post', base, def.scope, (c) => crud.create(def, c.t, c.body));
    on('get', `${base}/:id`, def.scope, (c) => crud.get(def, c.t, c.id));
    on('put', `${base}/:id`, def.scope, (c) => crud.update(def, c.t, c.id, c.body));
    if (def === invoicePayments) on('delete', `${base}/:id`, def.scope, (c) => deletePayment(c.t, c.id));
    else if (def.deletable) on('delete', `${base}/:id`, def.scope, (c) => crud.remove(def, c.t, c.id));
  }
  on('put', '/invoices/:id/bookkeep', 'invoice', (c) => bookkeep(c.t, c.id));
  on('put', '/invoices/:id/cancel', 'invoice', (c) => cancel(c.t, c.id));
  on('put', '/invoices/:id/credit', 'invoice', (c) => credit(c.t, c.id));
  on('put', '/invoices/:id/externalprint', 'invoice', (c) => externalPrint(c.t, c.id));
  on('get', '/invoices/:id/preview', 'invoice', (c) => pdf(c.t, c.id, false));
  on('get', '/invoices/:id/print', 'invoice', (c) => pdf(c.t, c.id, true));
  on('put', '/invoicepayments/:id/bookkeep', 'payment', (c) => bookkeepPayment(c.t, c.id));
  on('put', '/orders/:id/cancel', 'order', (c) => cancelOrder(c.t, c.id));
  on('put', '/orders/:id/createinvoice', 'order', (c) => createInvoiceFromOrder(c.t, c.id));
  on('get', '/vouchers', 'bookkeeping', (c) => listVouchers(c.t, c.q));
  on('post', '/vouchers', 'bookkeeping', (c) => createVoucher(c.t, c.body, c.q));
  on('get', '/vouchers/sublist/:series', 'bookkeeping', (c) => listVouchers(c.t, c.q, c.p.series));
  on('get', '/vouchers/:series/:number', 'bookkeeping', (c) =>
    getVoucher(c.t, c.p.series ?? '', c.p.number ?? '', c.q),
  );
  on('get', '/pricelists', 'price', (c) => listPriceLists(c.t));
  on('post', '/prices', 'price', (c) => createPrice(c.t, c.body));
  on('get', '/prices/sublist/:list/:article', 'price', (c) => priceSublist(c.t, c.p.list ?? '', c.p.article ?? ''));
  on('get', '/prices/:list/:article', 'price', (c) => getPrice(c.t, c.p.list ?? '', c.p.article ?? ''));
  on('put', '/prices/:list/:article', 'price', (c) => updatePrice(c.t, c.p.list ?? '', c.p.article ?? '', c.body));
  on('get', '/prices/:list/:article/:from', 'price', (c) => getPrice(c.t, c.p.list ?? '', c.p.article ?? '', c.p.from));
  on('put', '/prices/:list/:article/:from', 'price', (c) =>
    updatePrice(c.t, c.p.list ?? '', c.p.article ?? '', c.body, c.p.from),
  );
  on('delete', '/prices/:list/:article/:from', 'price', (c) =>
    deletePrice(c.t, c.p.list ?? '', c.p.article ?? '', c.p.from ?? '0'),
  );
  on('get', '/voucherseries', 'bookkeeping', (c) => listSeries(c.t, c.q));
  on('get', '/voucherseries/:id', 'bookkeeping', (c) => getSeries(c.t, c.id, c.q));
  on('get', '/financialyears', 'bookkeeping', (c) => listYears(c.t, c.q));
  on('get', '/financialyears/:id', 'bookkeeping', (c) => getYear(c.t, c.id));
  on('get', '/settings/lockedperiod', 'settings', (c) => lockedPeriod(c.t));
  on('get', '/predefinedaccounts', 'settings', (c) => listPredefined(c.t));
  on('get', '/predefinedaccounts/:id', 'settings', (c) => getPredefined(c.t, c.id));
  on('put', '/predefinedaccounts', 'settings', (c) => updatePredefined(c.t, '', c.body));
  on('put', '/predefinedaccounts/:id', 'settings', (c) => updatePredefined(c.t, c.id, c.body));
  on('get', '/companyinformation', 'companyinformation', (c) => ({ status: 200, body: companyInformation(c.t) }));
  // Wrong paths get an HTML page, not JSON, on the real API [reference §3.1].
  r.use((_req: Request, res: Response) =>
    send(res, 404, '<html><body><h1>404 Not Found</h1></body></html>', 'text/html'),
  );
  return r;
}
