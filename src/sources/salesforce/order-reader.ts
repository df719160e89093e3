import type { Connection } from 'jsforce';
import { z } from 'zod';
import type { SalesDocument } from '../../core/documents.ts';
import { defined } from '../../core/optional.ts';
import {
  accountFields,
  accountSchema,
  assertId,
  type DealRead,
  num,
  orgFeatures,
  text,
  toCustomer,
} from './deal-reader.ts';
import { OPPORTUNITY_INPUT_FIELDS } from './fields.ts';
import { ORG_CONNECTION } from './settings.ts';

/**
 * Reads an Order with its Order Products and Account in one SOQL query and turns it into the same
 * canonical document a won Opportunity becomes. Order Products carry no product code of their own:
 * it comes from the product (Product2.ProductCode), the price book entry's copy as a fallback.
 */

/** StatusCode is the category behind the admin's Status picklist. [unverified] 'A' as well as 'Activated'. */
const ACTIVATED_CODES: ReadonlySet<string> = new Set(['Activated', 'A']);

export function isActivated(order: { Status?: unknown; StatusCode?: unknown }): boolean {
  return (
    (typeof order.StatusCode === 'string' && ACTIVATED_CODES.has(order.StatusCode)) || order.Status === 'Activated'
  );
}

const product = z.object({ ProductCode: text, Name: text }).nullish();
const itemSchema = z.object({
  Id: z.string(),
  Description: text,
  Quantity: num,
  UnitPrice: num,
  Product2: product,
  PricebookEntry: product,
});
const orderSchema = z.object({
  Id: z.string(),
  Name: text,
  OrderNumber: text,
  Status: text,
  StatusCode: text,
  EffectiveDate: text,
  TotalAmount: num,
  PoNumber: text,
  OpportunityId: text,
  Opportunity: z.object({ Name: text }).nullish(),
  CurrencyIsoCode: text,
  [OPPORTUNITY_INPUT_FIELDS.company]: text,
  Owner: z.object({ Name: text }).nullish(),
  Account: accountSchema.nullish(),
  OrderItems: z.object({ records: z.array(itemSchema) }).nullish(),
});

interface OrderFeatures {
  multiCurrency: boolean;
  company: boolean;
}
const orderFeatures = new WeakMap<Connection, Promise<OrderFeatures>>();

function featuresOf(conn: Connection): Promise<OrderFeatures> {
  let found = orderFeatures.get(conn);
  if (!found) {
    found = conn
      .sobject('Order')
      .describe()
      .then((d) => ({
        multiCurrency: d.fields.some((f) => f.name === 'CurrencyIsoCode'),
        company: d.fields.some((f) => f.name === OPPORTUNITY_INPUT_FIELDS.company),
      }));
    found.catch(() => orderFeatures.delete(conn));
    orderFeatures.set(conn, found);
  }
  return found;
}

export interface OrderRead extends DealRead {
  /** The Opportunity the Order was made from, if any: the two must never both be invoiced. */
  opportunityId?: string;
  opportunityName?: string;
}

const cut = (value: string, max: number): string => (value.length > max ? `${value.slice(0, max - 1)}…` : value);

/** The Order, its products and its Account as a canonical document (active once activated). */
export async function readOrder(
  conn: Connection,
  orderId: string,
  connection: string = ORG_CONNECTION,
  orgCurrency = 'SEK',
): Promise<OrderRead> {
  assertId(orderId);
  const [f, own] = await Promise.all([orgFeatures(conn), featuresOf(conn)]);
  const fields = ['Id', 'Name', 'OrderNumber', 'Status', 'StatusCode', 'EffectiveDate', 'TotalAmount', 'PoNumber'];
  fields.push('OpportunityId', 'Opportunity.Name', 'Owner.Name', ...accountFields(f, 'Account.'));
  if (own.multiCurrency) fields.push('CurrencyIsoCode');
  if (own.company) fields.push(OPPORTUNITY_INPUT_FIELDS.company);
  const items =
    '(SELECT Id, Description, Quantity, UnitPrice, Product2.ProductCode, Product2.Name, PricebookEntry.ProductCode, PricebookEntry.Name FROM OrderItems)';
  const result = await conn.query(`SELECT ${fields.join(', ')}, ${items} FROM Order WHERE Id = '${orderId}'`);
  if (result.records[0] === undefined) return { document: undefined, missing: 'record', active: false, title: orderId };
  const order = orderSchema.parse(result.records[0]);
  const active = isActivated(order);
  const title = order.Name ?? `Order ${order.OrderNumber ?? order.Id}`;
  const linked = {
    ...defined({ opportunityId: order.OpportunityId }),
    ...(order.Opportunity?.Name === undefined ? {} : { opportunityName: order.Opportunity.Name }),
  };
  if (!order.Account) return { document: undefined, missing: 'account', active, title, ...linked };
  const company = order[OPPORTUNITY_INPUT_FIELDS.company];
  // The customer's own purchase order number is what they look for on the invoice; else ours.
  const yourOrderNumber = order.PoNumber ?? order.OrderNumber;
  const document: SalesDocument = {
    source: { system: 'salesforce', connection, object: 'Order', id: order.Id },
    title,
    customer: toCustomer(order.Account, connection),
    currency: order.CurrencyIsoCode ?? orgCurrency,
    documentDate: order.EffectiveDate ?? new Date().toISOString().slice(0, 10),
    lines: (order.OrderItems?.records ?? []).map((item) => {
      const code = item.Product2?.ProductCode ?? item.PricebookEntry?.ProductCode;
      return {
        sourceLineId: item.Id,
        ...defined({ productCode: code }),
        description: item.Description ?? item.Product2?.Name ?? item.PricebookEntry?.Name ?? '',
        quantity: item.Quantity ?? Number.NaN,
        unitPrice: item.UnitPrice ?? Number.NaN,
      };
    }),
    ...(order.TotalAmount === null || order.TotalAmount === undefined ? {} : { expectedNet: order.TotalAmount }),
    ...(yourOrderNumber === undefined ? {} : { yourOrderNumber: cut(yourOrderNumber, 75) }),
    ...(order.Owner?.Name === undefined ? {} : { ourReference: order.Owner.Name }),
    ...(company === undefined ? {} : { routing: { [OPPORTUNITY_INPUT_FIELDS.company]: company } }),
    active,
  };
  return { document, active, title, ...linked };
}
