import { type AppError, toAppError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { defined } from '../../core/optional.ts';
import { stateLabel } from '../../core/sync-state.ts';
import type { DocumentOutcome, FieldValues, WritebackBatch, WritebackItem, WritebackResult } from '../source.ts';
import type { BigCommerceClient } from './client.ts';
import { OBJECTS } from './ids.ts';
import type { MetafieldIds } from './metafield-ids.ts';

/**
 * Status back to the store: the Fortnox number, status, amounts and any problem, as one order
 * metafield (namespace `fortnox-sync`, key `fortnox`, JSON). A metafield, not `staff_notes`:
 * staff notes are the merchant's free text and a V2 PUT replaces them whole, while a metafield is
 * ours alone, readable in the control panel (`permission_set: read`), and writing it can never
 * touch the order's lines or discounts [reference A2]. One request per write: the first POSTs (a
 * 409 means it exists: find it), later ones PUT the id noted then; only a stale id costs a find.
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

type Answer = { data?: { id: number } | { id: number }[] } | undefined;

async function writeOne(
  client: BigCommerceClient,
  item: WritebackItem,
  ids: MetafieldIds,
  known: number | undefined,
): Promise<WritebackResult> {
  const order = item.source.id;
  const base = `/v3/orders/${order}/metafields`;
  const value = JSON.stringify(item.fields);
  const create = { permission_set: 'read', namespace: NAMESPACE, key: KEY, value, description: 'Fortnox invoice' };
  if (known !== undefined) {
    const put = (await client.request('PUT', `${base}/${known}`, { body: { value }, allow404: true })) as Answer;
    if (put !== undefined) return { kind: 'written' };
  } else {
    try {
      const made = (await client.request('POST', base, { body: create, allow404: true })) as Answer;
      if (made === undefined) return { kind: 'gone', reason: 'the order no longer exists' };
      const id = Array.isArray(made.data) ? made.data[0]?.id : made.data?.id;
      if (id !== undefined) await ids.note(order, id);
      return { kind: 'written' };
    } catch (error) {
      // Written before, by an earlier release or before its id was noted: find it below.
      if ((error as AppError).details?.status !== 409) throw error;
    }
  }
  const found = (await client.request('GET', `${base}?namespace=${NAMESPACE}&key=${KEY}`, { allow404: true })) as
    | { data?: { id: number }[] }
    | undefined;
  if (found === undefined) return { kind: 'gone', reason: 'the order no longer exists' };
  const existing = found.data?.[0];
  if (existing === undefined) {
    const made = (await client.request('POST', base, { body: create })) as Answer;
    const id = Array.isArray(made?.data) ? made.data[0]?.id : made?.data?.id;
    await ids.note(order, id ?? null);
  } else {
    await client.request('PUT', `${base}/${existing.id}`, { body: { value } });
    await ids.note(order, existing.id);
  }
  return { kind: 'written' };
}

export async function sendWritebacks(
  client: BigCommerceClient,
  items: readonly WritebackItem[],
  logger: Logger,
  ids: MetafieldIds,
): Promise<WritebackBatch> {
  const results: WritebackResult[] = [];
  const known = await ids.of(items.map((i) => i.source.id));
  for (const item of items) {
    try {
      results.push(await writeOne(client, item, ids, known.get(item.source.id)));
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
