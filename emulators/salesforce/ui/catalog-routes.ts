// The page's Orders and Products: an Order with its products is made, activated and deactivated
// as a rep does in Lightning, and a Product with its standard price as an admin keeps the price
// list. Every write goes through the handle (the DML engine), so CDC events follow as from REST.

import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { SalesforceEmulatorHandle } from '../control/handle.ts';

const Fields = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
const FORTNOX =
  'Fortnox_Status__c, Fortnox_Invoice_Number__c, Fortnox_Total__c, Fortnox_Balance__c, Fortnox_Due_Date__c, Fortnox_Paid_Date__c, Fortnox_Invoice_Link__c, Fortnox_Sync_Error__c, Fortnox_Synced_At__c';
const ORDER_FIELDS = `Id, Name, OrderNumber, AccountId, Account.Name, Status, EffectiveDate, TotalAmount, ${FORTNOX}, (SELECT Id, Quantity, UnitPrice, TotalPrice, Product2.Name, Product2.ProductCode FROM OrderItems ORDER BY CreatedDate)`;
const PRODUCT_FIELDS =
  'Id, Name, ProductCode, IsActive, QuantityUnitOfMeasure, Fortnox_VAT_Rate__c, (SELECT Id, Pricebook2Id, UnitPrice FROM PricebookEntries)';

type Send = (res: Response, fn: () => unknown) => void;

export function catalogState(handle: SalesforceEmulatorHandle) {
  const standard = handle.standardPricebookId;
  return {
    orders: handle.query(`SELECT ${ORDER_FIELDS} FROM Order ORDER BY CreatedDate DESC`),
    products: handle.query(`SELECT ${PRODUCT_FIELDS} FROM Product2 ORDER BY Name`).map((p) => {
      const entries = (p.PricebookEntries as { records?: { Pricebook2Id: string; UnitPrice: number }[] } | null)
        ?.records;
      return { ...p, StandardPrice: entries?.find((e) => e.Pricebook2Id === standard)?.UnitPrice ?? null };
    }),
  };
}

/** The product's fields and, apart, its standard price (a PricebookEntry of its own in Salesforce). */
function split(fields: Record<string, unknown>): {
  product: Record<string, string | number | boolean | null>;
  price: number | undefined;
} {
  const { StandardPrice, ...product } = Fields.parse(fields);
  const price =
    StandardPrice === null || StandardPrice === undefined || StandardPrice === '' ? undefined : Number(StandardPrice);
  return { product, price };
}

export function catalogRoutes(router: Router, handle: SalesforceEmulatorHandle, send: Send): void {
  const body = (req: Request) => Fields.parse(req.body);
  const id = (req: Request) => String(req.params.id);
  router.post('/__ui/orders', (req, res) => send(res, () => handle.insert('Order', { Status: 'Draft', ...body(req) })));
  router.post('/__ui/orders/:id/items', (req, res) =>
    send(res, () => {
      const q = Number(body(req).Quantity);
      if (!Number.isFinite(q) || q <= 0)
        throw new Error(`Quantity must be a number above 0 (got ${String(body(req).Quantity)}).`);
      return handle.insert('OrderItem', { ...body(req), OrderId: id(req) });
    }),
  );
  router.delete('/__ui/order-items/:id', (req, res) => send(res, () => handle.delete('OrderItem', id(req))));
  router.post('/__ui/orders/:id/activate', (req, res) =>
    send(res, () => handle.update('Order', id(req), { Status: 'Activated' })),
  );
  router.post('/__ui/orders/:id/deactivate', (req, res) =>
    send(res, () => handle.update('Order', id(req), { Status: 'Draft' })),
  );
  router.post('/__ui/products', (req, res) =>
    send(res, () => {
      const { product, price } = split(req.body as Record<string, unknown>);
      const productId = handle.insert('Product2', { IsActive: true, ...product });
      if (price !== undefined)
        handle.insert('PricebookEntry', {
          Pricebook2Id: handle.standardPricebookId,
          Product2Id: productId,
          UnitPrice: price,
          IsActive: true,
        });
      return productId;
    }),
  );
  router.patch('/__ui/products/:id', (req, res) =>
    send(res, () => {
      const { product, price } = split(req.body as Record<string, unknown>);
      if (Object.keys(product).length > 0) handle.update('Product2', id(req), product);
      if (price === undefined) return;
      const standard = `SELECT Id FROM PricebookEntry WHERE Product2Id = '${id(req)}' AND Pricebook2Id = '${handle.standardPricebookId}'`;
      const entry = handle.query(standard)[0];
      if (entry) handle.update('PricebookEntry', String(entry.Id), { UnitPrice: price });
      else
        handle.insert('PricebookEntry', {
          Pricebook2Id: handle.standardPricebookId,
          Product2Id: id(req),
          UnitPrice: price,
          IsActive: true,
        });
    }),
  );
}
