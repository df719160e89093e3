import { toAppError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { defined } from '../../core/optional.ts';
import { stateLabel } from '../../core/sync-state.ts';
import type { DocumentOutcome, FieldValues, WritebackBatch, WritebackItem, WritebackResult } from '../source.ts';
import type { BigCommerceClient } from './client.ts';
import { OBJECTS } from './ids.ts';

/**
 * Status back to the store: the Fortnox number, status, amounts and any problem, as one order
 * metafield (namespace `fortnox-sync`, key `fortnox`, JSON). A metafield, not `staff_notes`:
 * staff notes are the merchant's free text and a V2 PUT replaces them whole, while a metafield is
 * ours alone, readable in the control panel (`permission_set: read`), and writing it can never
 * touch the order's lines or discounts [reference A2]. Two requests per order (find, then write).
 */

export const NAMESPACE = 'fortnox-sync';
export const KEY = 'fortnox';

export function orderFields(outcome: DocumentOutcome): FieldValues | undefined {
  const { record } = outcome;
  if (record.source.object !== OBJECTS.order) return undefined;
  return {
    status: stateLabel(record.state) ?? null,
    kind: record.kind,
    number: record.fortnoxNumber,
    total: record.fortnoxTotal,
    balance: record.fortnoxBalance,
    dueDate: record.dueDate,
    error: record.errorMessage,
    ...defined({ pdf: outcome.pdfUrl }),
    syncedAt: outcome.at.toISOString(),
  };
}

async function writeOne(client: BigCommerceClient, item: WritebackItem): Promise<WritebackResult> {
  const base = `/v3/orders/${item.source.id}/metafields`;
  const found = (await client.request('GET', `${base}?namespace=${NAMESPACE}&key=${KEY}`, { allow404: true })) as
    | { data?: { id: number }[] }
    | undefined;
  if (found === undefined) return { kind: 'gone', reason: 'the order no longer exists' };
  const value = JSON.stringify(item.fields);
  const existing = found.data?.[0];
  if (existing === undefined) {
    await client.request('POST', base, {
      body: { permission_set: 'read', namespace: NAMESPACE, key: KEY, value, description: 'Fortnox invoice' },
    });
  } else {
    await client.request('PUT', `${base}/${existing.id}`, { body: { value } });
  }
  return { kind: 'written' };
}

export async function sendWritebacks(
  client: BigCommerceClient,
  items: readonly WritebackItem[],
  logger: Logger,
): Promise<WritebackBatch> {
  const results: WritebackResult[] = [];
  for (const item of items) {
    try {
      results.push(await writeOne(client, item));
    } catch (error) {
      const err = toAppError(error);
      if (err.category === 'rate_limit')
        return { kind: 'pause', seconds: Math.ceil((err.retryAfterMs ?? 30_000) / 1000), reason: err.userMessage };
      logger.warn('bigcommerce write-back failed', { code: err.code, order: item.source.id });
      results.push(
        err.retryable
          ? { kind: 'retry_later', reason: err.userMessage }
          : { kind: 'refused', code: err.code, message: err.userMessage },
      );
    }
  }
  return { kind: 'results', results };
}
