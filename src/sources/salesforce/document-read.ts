import type { Connection } from 'jsforce';
import type pg from 'pg';
import type { SourceRef } from '../../core/documents.ts';
import type { DocumentRead } from '../source.ts';
import { readDeal } from './deal-reader.ts';
import { claimPair, invoicedViaOpportunity, invoicedViaOrder, liveDocumentOf, ordersOf } from './invoice-pair.ts';
import { type OrderRead, readOrder } from './order-reader.ts';
import { invoicesFrom, type SalesforceSettings } from './settings.ts';

/**
 * A document by reference, as it is now: an Opportunity or an Order. Which objects make *new*
 * documents is the connection's `invoiceObjects` setting; a record that already has its Fortnox
 * document keeps being amended whatever the setting says now, so switching never strands an
 * invoice. An Opportunity and an Order made from it never both become one.
 */

export const NO_ACCOUNT = 'This Opportunity has no Account. Add the customer Account to the Opportunity and save it.';
const NO_ORDER_ACCOUNT = 'This Order has no Account. Add the customer Account to the Order and save it.';

export async function readSalesforceDocument(
  conn: Connection,
  pool: pg.Pool,
  settings: SalesforceSettings,
  ref: SourceRef,
): Promise<DocumentRead> {
  const order = ref.object === 'Order';
  const read: OrderRead = order
    ? await readOrder(conn, ref.id, ref.connection)
    : await readDeal(conn, ref.id, settings.wonStages, ref.connection);
  if (read.missing === 'record') return { kind: 'gone' };
  if (read.document === undefined) {
    const message = order ? NO_ORDER_ACCOUNT : NO_ACCOUNT;
    return { kind: 'blocked', active: read.active, title: read.title, code: 'no_account', message };
  }
  const document: DocumentRead = { kind: 'document', document: read.document };
  // Today's behaviour, unchanged, for the default: Opportunities only.
  if (!order && settings.invoiceObjects === 'opportunities') return document;
  if (!read.active) return document;
  if (await liveDocumentOf(pool, ref.connection, [{ object: ref.object, id: ref.id }])) return document;
  const title = read.title;
  if (!invoicesFrom(settings, ref.object)) {
    const message = `This connection invoices from ${settings.invoiceObjects === 'orders' ? 'Orders' : 'Opportunities'} only, so the ${ref.object} is not sent to Fortnox.`;
    return { kind: 'blocked', active: false, title, code: 'object_not_invoiced', message };
  }
  const customer = read.document.customer.source;
  if (read.opportunityId !== undefined) {
    const live = await liveDocumentOf(pool, ref.connection, [{ object: 'Opportunity', id: read.opportunityId }]);
    if (live) {
      const message = invoicedViaOpportunity(live, read.opportunityName);
      return { kind: 'blocked', active: true, title, code: 'invoiced_via_opportunity', message, customer };
    }
  }
  if (!order) {
    const orders = await ordersOf(conn, ref.id);
    const refs = [...orders.keys()].map((id) => ({ object: 'Order', id }));
    const live = await liveDocumentOf(pool, ref.connection, refs);
    if (live) {
      const message = invoicedViaOrder(live, orders.get(live.id) ?? live.id);
      return { kind: 'blocked', active: true, title, code: 'invoiced_via_order', message, customer };
    }
    // Claimed even without Orders yet: one made and activated from it this minute must wait for our row.
    await claimPair(pool, ref.connection, ref.id, ref.id);
  } else if (read.opportunityId !== undefined) {
    await claimPair(pool, ref.connection, read.opportunityId, ref.id);
  }
  return document;
}
