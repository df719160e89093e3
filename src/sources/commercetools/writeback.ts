import type { Channel, OrderUpdateAction } from '@commercetools/platform-sdk';
import type { Logger } from '../../core/logger.ts';
import type { CustomerOutcome, FieldValues, WritebackBatch, WritebackItem, WritebackResult } from '../source.ts';
import { type CtApi, ctCall, currentVersionOf, errorCodeOf, statusOf, toCtError } from './client.ts';
import { literal } from './ids.ts';
import type { CommercetoolsSettings } from './settings.ts';
import { FIELDS, statusActions, statusType } from './status-fields.ts';

/**
 * Status back to commercetools: the Fortnox document number on the order's `syncInfo`, through
 * `updateSyncInfo` on our OrderExport channel (created the first time). `syncInfo` is a list that
 * every call appends to, so only a new number is written; an order another integration changed
 * meanwhile answers 409 with its `currentVersion`, and we write again at that version.
 */

const ATTEMPTS = 4;

/** Customers keep nothing of ours (commercetools customers have no field for it without a custom type). */
export function customerFields(_outcome: CustomerOutcome): FieldValues | undefined {
  return undefined;
}

const channels = new WeakMap<CtApi, Map<string, Promise<Channel>>>();

async function exportChannel(api: CtApi, key: string): Promise<Channel> {
  const found = (
    await ctCall('finding the OrderExport channel', () =>
      api
        .channels()
        .get({ queryArgs: { where: `key = ${literal(key)}`, limit: 1 } })
        .execute(),
    )
  )?.results[0];
  if (found !== undefined) return found;
  try {
    return (
      await api
        .channels()
        .post({ body: { key, roles: ['OrderExport'], name: { en: 'Fortnox (fortnox-sync)' } } })
        .execute()
    ).body;
  } catch (error) {
    // Another process created it first.
    if (errorCodeOf(error) === 'DuplicateField') return exportChannel(api, key);
    throw toCtError('creating the OrderExport channel', error);
  }
}

function channelOf(api: CtApi, key: string): Promise<Channel> {
  const byKey = channels.get(api) ?? new Map<string, Promise<Channel>>();
  channels.set(api, byKey);
  let pending = byKey.get(key);
  if (pending === undefined) {
    pending = exportChannel(api, key);
    pending.catch(() => byKey.delete(key));
    byKey.set(key, pending);
  }
  return pending;
}

/** Told of each write: order `id` went from version `from` to `to` by our own hand. */
export type OwnWrite = (id: string, from: number, to: number) => Promise<void>;

async function writeOne(
  api: CtApi,
  channel: Channel,
  settings: CommercetoolsSettings,
  item: WritebackItem,
  wrote: OwnWrite,
): Promise<WritebackResult> {
  const number = item.fields[FIELDS.number];
  const externalId = number === null || number === undefined ? '' : String(number);
  const type = settings.customTypeKey === null ? undefined : await statusType(api, settings.customTypeKey);
  let order = await ctCall('reading the order', () => api.orders().withId({ ID: item.source.id }).get().execute());
  for (let attempt = 1; ; attempt++) {
    if (order === undefined) return { kind: 'gone', reason: 'order deleted' };
    const actions: OrderUpdateAction[] = type === undefined ? [] : statusActions(order, type, item.fields);
    const last = order.syncInfo.filter((s) => s.channel.id === channel.id).at(-1);
    // syncInfo is appended to on every call: only a number it does not end with yet is written.
    if (externalId !== '' && last?.externalId !== externalId) {
      const channelRef = { typeId: 'channel' as const, id: channel.id };
      actions.push({ action: 'updateSyncInfo', channel: channelRef, externalId, syncedAt: new Date().toISOString() });
    }
    if (actions.length === 0) return { kind: 'written' };
    const at: number = order.version;
    try {
      const written = await api
        .orders()
        .withId({ ID: order.id })
        .post({ body: { version: at, actions } })
        .execute();
      // Only spares a re-read of our own change: never a reason to fail a write that landed.
      await wrote(order.id, at, written.body.version).catch(() => undefined);
      return { kind: 'written' };
    } catch (error) {
      if (statusOf(error) === 404) return { kind: 'gone', reason: 'order deleted' };
      if (statusOf(error) === 409 && currentVersionOf(error) !== undefined && attempt < ATTEMPTS) {
        // Another integration changed the order: read it again (its fields too) and write at its version.
        order = await ctCall('reading the order', () => api.orders().withId({ ID: item.source.id }).get().execute());
        continue;
      }
      if (statusOf(error) === 409) return { kind: 'retry_later', reason: 'the order keeps changing (409)' };
      const typed = toCtError('writing the Fortnox status to the order', error);
      if (typed.retryable) return { kind: 'retry_later', reason: typed.message };
      if (errorCodeOf(error) === 'InvalidInput' && type !== undefined) {
        return {
          kind: 'refused',
          code: 'commercetools_status_fields',
          message: `The order has a custom type without the String fields ${Object.values(FIELDS).join(', ')}. Add them to its type in commercetools, or clear the order type setting.`,
        };
      }
      return { kind: 'refused', code: typed.code, message: typed.userMessage };
    }
  }
}

export async function sendWritebacks(
  api: CtApi,
  settings: CommercetoolsSettings,
  items: readonly WritebackItem[],
  logger: Logger,
  wrote: OwnWrite = async () => undefined,
): Promise<WritebackBatch> {
  const channel = await channelOf(api, settings.exportChannelKey);
  const results: WritebackResult[] = [];
  for (const item of items) results.push(await writeOne(api, channel, settings, item, wrote));
  const retried = results.filter((r) => r.kind === 'retry_later').length;
  if (retried > 0) logger.info('commercetools write-backs to retry', { count: retried });
  return { kind: 'results', results };
}
