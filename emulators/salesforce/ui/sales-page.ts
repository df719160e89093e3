// The sales rep's side of the demo: a page at / plus a small JSON API under /__ui. Every
// action goes through the handle, i.e. the same DML engine as REST, so it raises CDC events
// (with Lightning's changeOrigin) exactly like an edit in Salesforce would.

import type { Request, Response, Router } from 'express';
import express from 'express';
import { z } from 'zod';
import type { SalesforceEmulatorHandle } from '../control/handle.ts';
import { SfError } from '../data/sf-error.ts';
import { catalogRoutes, catalogState } from './catalog-routes.ts';
import { SALES_HTML } from './sales-html.ts';

const Fields = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
const ACCOUNT_FIELDS =
  'Id, Name, BillingStreet, BillingPostalCode, BillingCity, BillingCountry, Organisation_Number__c, VAT_Number__c, Invoice_Email__c, Fortnox_Customer_Number__c, Fortnox_Sync_Error__c';
const OPPORTUNITY_FIELDS =
  'Id, Name, AccountId, Account.Name, StageName, CloseDate, Amount, IsWon, Owner.Name, Fortnox_Status__c, Fortnox_Invoice_Number__c, Fortnox_Total__c, Fortnox_Balance__c, Fortnox_Due_Date__c, Fortnox_Paid_Date__c, Fortnox_Invoice_Link__c, Fortnox_Sync_Error__c, Fortnox_Synced_At__c, (SELECT Id, Name, ProductCode, Quantity, UnitPrice, Discount, TotalPrice FROM OpportunityLineItems ORDER BY CreatedDate)';

/** What the page refuses before Salesforce sees it (the REST API keeps Salesforce's own rules). */
function checkQuantity(fields: Record<string, unknown>): void {
  if (!('Quantity' in fields)) return;
  const q = Number(fields.Quantity);
  if (!Number.isFinite(q) || q <= 0) {
    throw new Error(`Quantity must be a number above 0 (got ${String(fields.Quantity)}); remove the product instead.`);
  }
}

export function salesPage(handle: SalesforceEmulatorHandle): Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    res.type('html').send(SALES_HTML);
  });
  router.use('/__ui', express.json());
  router.get('/__ui/state', (_req, res) => {
    res.json({
      accounts: handle.query(`SELECT ${ACCOUNT_FIELDS} FROM Account ORDER BY Name`),
      opportunities: handle.query(`SELECT ${OPPORTUNITY_FIELDS} FROM Opportunity ORDER BY CreatedDate DESC`),
      entries: handle.query(
        'SELECT Id, Name, ProductCode, UnitPrice FROM PricebookEntry WHERE IsActive = true ORDER BY Name',
      ),
      ...catalogState(handle),
    });
  });
  const body = (req: Request) => Fields.parse(req.body);
  const id = (req: Request) => String(req.params.id);
  const send = (res: Response, fn: () => unknown) => {
    try {
      const result = fn();
      res.json({ ok: true, id: typeof result === 'string' ? result : undefined });
    } catch (err) {
      const message =
        err instanceof SfError ? `${err.errorCode}: ${err.message}` : err instanceof Error ? err.message : String(err);
      res.status(400).json({ ok: false, message });
    }
  };
  router.post('/__ui/accounts', (req, res) => send(res, () => handle.insert('Account', body(req))));
  router.patch('/__ui/accounts/:id', (req, res) => send(res, () => handle.update('Account', id(req), body(req))));
  router.post('/__ui/opportunities', (req, res) => send(res, () => handle.insert('Opportunity', body(req))));
  router.patch('/__ui/opportunities/:id', (req, res) =>
    send(res, () => handle.update('Opportunity', id(req), body(req))),
  );
  router.post('/__ui/opportunities/:id/won', (req, res) =>
    send(res, () => handle.update('Opportunity', id(req), { StageName: 'Closed Won' })),
  );
  router.post('/__ui/opportunities/:id/lines', (req, res) =>
    send(res, () => {
      checkQuantity(body(req));
      return handle.insert('OpportunityLineItem', { ...body(req), OpportunityId: id(req) });
    }),
  );
  router.patch('/__ui/lines/:id', (req, res) =>
    send(res, () => {
      checkQuantity(body(req));
      handle.update('OpportunityLineItem', id(req), body(req));
    }),
  );
  router.delete('/__ui/lines/:id', (req, res) => send(res, () => handle.delete('OpportunityLineItem', id(req))));
  // A "Retry sync" button as a Flow would build it: the platform event goes through the normal
  // publish path, so the stream listener receives it on /event/Fortnox_Sync_Request__e.
  router.post('/__ui/retry/:id', (req, res) =>
    send(res, () => handle.publishEvent({ Record_Id__c: id(req), Action__c: 'retry' })),
  );
  catalogRoutes(router, handle, send);
  router.post('/__ui/events/sync-request', (req, res) => send(res, () => handle.publishEvent(body(req))));
  return router;
}
