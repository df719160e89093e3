import type { SourceRef } from '../../core/documents.ts';
import type { CreditRead, DocumentRead, ReadContext, SourceConnection, SourceServices } from '../source.ts';
import { salesDaily } from './api.ts';
import { invoicedReturn, parseSaleId, RETURN_OBJECT, returnCredit, SALE_OBJECT, saleDocument } from './on-account.ts';
import type { LightspeedSettings } from './settings.ts';

/**
 * Reading a sale or a return on account as it is now (objects `sale`, `return`), and which sales of a
 * day the ledger already invoiced — so the poll also re-queues one since cancelled or moved off the
 * account, and its invoice is undone.
 */

const SYSTEM = 'lightspeed';

export function onAccountReads(
  services: SourceServices,
  baseUrl: string,
  accessToken: (connection: SourceConnection) => Promise<string | undefined>,
) {
  const config = { LIGHTSPEED_API_URL: baseUrl };
  /** The day's sale on account with this fiscal id, as Lightspeed has it now. */
  const accountSale = async (ctx: ReadContext, token: string, id: { date: string; fiscId: string }) => {
    const settings = ctx.connection.settings as LightspeedSettings;
    const day = await salesDaily(config.LIGHTSPEED_API_URL, token, settings.businessLocationId, id.date, ctx.signal);
    return day.sales.find((s) => s.accountFiscId === id.fiscId);
  };
  /** A sale on account as it is now: an invoice while it is wholly on account, inactive when no longer. */
  async function readDocument(ctx: ReadContext, ref: SourceRef): Promise<DocumentRead> {
    const parsed = ref.object === SALE_OBJECT ? parseSaleId(ref.id) : undefined;
    if (parsed === undefined) return { kind: 'gone' };
    const settings = ctx.connection.settings as LightspeedSettings;
    const location = settings.location ?? ctx.connection.key;
    const token = await accessToken(ctx.connection);
    if (token === undefined)
      return {
        kind: 'blocked',
        active: true,
        title: `The sale ${parsed.fiscId} on account at ${location}`,
        code: 'lightspeed_not_connected',
        message: `The Lightspeed location “${location}” is not connected. Connect it from the dashboard; its sales on account are invoiced then.`,
      };
    const sale = await accountSale(ctx, token, parsed);
    if (sale === undefined) return { kind: 'gone' };
    return saleDocument(ref, settings, location, parsed.date, sale);
  }

  /** A return on account as it is now: a credit of the invoice of the sale it returns. */
  async function readCredit(ctx: ReadContext, ref: SourceRef): Promise<CreditRead> {
    const parsed = ref.object === RETURN_OBJECT ? parseSaleId(ref.id) : undefined;
    if (parsed === undefined) return { kind: 'gone' };
    const settings = ctx.connection.settings as LightspeedSettings;
    const title = `The return ${parsed.fiscId} on account (${parsed.date})`;
    const token = await accessToken(ctx.connection);
    if (token === undefined)
      return {
        kind: 'blocked',
        title,
        code: 'lightspeed_not_connected',
        message:
          'The Lightspeed location is not connected. Connect it from the dashboard; its returns on account are credited then.',
      };
    const sale = await accountSale(ctx, token, parsed);
    if (sale === undefined || !invoicedReturn(sale, settings)) return { kind: 'gone' };
    // The returned sale may be from an earlier day: its invoice's ledger record names its date.
    const originalFisc = sale.source?.initialAccountId ?? '';
    const { rows } = await services.pool.query<{ source_id: string }>(
      `SELECT source_id FROM sync_records WHERE source_system = $1 AND source_connection = $2 AND source_object = $3
         AND source_id LIKE $4 AND document_kind IN ('invoice', 'order') ORDER BY id LIMIT 1`,
      [SYSTEM, ctx.connection.key, SALE_OBJECT, `%\\_${originalFisc.replace(/[%_\\]/g, '\\$&')}`],
    );
    const originalId = rows[0]?.source_id;
    if (originalId === undefined)
      return {
        kind: 'blocked',
        title,
        code: 'lightspeed_return_without_invoice',
        message: `Return ${sale.receiptId ?? parsed.fiscId} is on account, but the sale it returns (${originalFisc}) was not invoiced by this service (it was booked in a day, or before the first day posted). Credit it in Fortnox by hand.`,
      };
    const original = { system: SYSTEM, connection: ctx.connection.key, object: SALE_OBJECT, id: originalId };
    return returnCredit(ref, parsed.date, sale, original);
  }

  /** Sales of that day the ledger already holds an invoice record for. */
  async function invoicedBefore(connection: string, date: string): Promise<string[]> {
    const { rows } = await services.pool.query<{ source_id: string }>(
      `SELECT DISTINCT source_id FROM sync_records
        WHERE source_system = $1 AND source_connection = $2 AND source_object = $3 AND source_id LIKE $4`,
      [SYSTEM, connection, SALE_OBJECT, `${date}\\_%`],
    );
    return rows.flatMap((r) => {
      const parsed = parseSaleId(r.source_id);
      return parsed === undefined ? [] : [parsed.fiscId];
    });
  }

  return { readDocument, readCredit, invoicedBefore };
}
