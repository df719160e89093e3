import type { Logger } from '../../core/logger.ts';
import type {
  DocumentOutcome,
  FieldValues,
  SourceConnection,
  WritebackBatch,
  WritebackItem,
  WritebackResult,
} from '../source.ts';
import { type WooClient, WooNotFound } from './client.ts';

/**
 * Status back to WooCommerce: the order's meta (`_fortnox_invoice_number`, `_fortnox_status`,
 * `_fortnox_error`) and one private order note per change, so the shop manager sees it on the order
 * page. WooCommerce has no batch for notes, so each order is its own two calls.
 */

export const META = {
  number: '_fortnox_invoice_number',
  status: '_fortnox_status',
  error: '_fortnox_error',
} as const;

export function orderFields(outcome: DocumentOutcome): FieldValues | undefined {
  const { record } = outcome;
  if (record.source.object !== 'order') return undefined;
  return {
    [META.number]: record.fortnoxNumber,
    [META.status]: record.state,
    [META.error]: record.errorMessage === null ? null : record.errorMessage.slice(0, 1000),
  };
}

function note(fields: FieldValues): string {
  const number = fields[META.number];
  const status = String(fields[META.status] ?? '').replace(/_/g, ' ');
  const error = fields[META.error];
  const head = number === null || number === undefined ? `Fortnox: ${status}` : `Fortnox invoice ${number}: ${status}`;
  return typeof error === 'string' && error !== '' ? `${head}. ${error}` : `${head}.`;
}

export async function sendWriteback(
  client: WooClient | undefined,
  _connection: SourceConnection,
  items: readonly WritebackItem[],
  logger: Logger,
): Promise<WritebackBatch> {
  if (client === undefined) return { kind: 'pause', seconds: 300, reason: 'the shop connection has no credentials' };
  const results: WritebackResult[] = [];
  for (const item of items) {
    try {
      const meta_data = Object.entries(item.fields).map(([key, value]) => ({ key, value: value ?? '' }));
      await client.put(`orders/${item.source.id}`, { meta_data });
      await client.post(`orders/${item.source.id}/notes`, { note: note(item.fields), customer_note: false });
      results.push({ kind: 'written' });
    } catch (error) {
      if (error instanceof WooNotFound) results.push({ kind: 'gone', reason: 'the order no longer exists' });
      else {
        logger.warn('write-back to WooCommerce failed; sent again later', { order: item.source.id, error });
        results.push({ kind: 'retry_later', reason: 'WooCommerce did not accept the update' });
      }
    }
  }
  return { kind: 'results', results };
}
