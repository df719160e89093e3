import type { Message, Transaction } from '@commercetools/platform-sdk';
import { type CtApi, errorCodeOf, statusOf, toCtError } from './client.ts';
import { type FeedCheckpoint, type FeedJob, type FeedStore, moneyJob, orderJob } from './feed-store.ts';
import { OBJECTS } from './ids.ts';
import type { Bookkeeping } from './settings.ts';

/**
 * One read of a project's Messages feed: everything created since the checkpoint (minus an overlap,
 * because messages commit late), ordered by `createdAt` then `id`, deduplicated by message id, each
 * turned into a job that re-reads its resource. A resource whose `sequenceNumber` skips ahead lost a
 * message: it is re-read anyway and the gap is recorded. Out-of-order and repeated messages are
 * harmless — jobs are keyed by resource version and readers always read the current state.
 */

export const PAGE = 500;
/** Messages may become visible a little after their `createdAt`: each read reaches back this far. */
export const OVERLAP_MS = 5000;
const MAX_SEQUENCES = 5000;

export type FeedRead =
  | { kind: 'read'; handled: number; created: number; more: boolean; gaps: string[] }
  /** The Messages Query API refused: disabled in the project (or the client lacks view_messages). */
  | { kind: 'unavailable'; reason: string };

const MONEY: ReadonlySet<string> = new Set(['Charge', 'Refund']);

function jobsOf(connection: string, m: Message, knownCustomers: ReadonlySet<string>, model: Bookkeeping): FeedJob[] {
  const type = m.resource.typeId;
  if (type === 'order') return [orderJob(connection, m.resource.id, m.resourceVersion, m.type)];
  if (type === 'payment') {
    const tx = (m as { transaction?: Transaction }).transaction;
    const state = (m as { state?: string }).state;
    const txId = tx?.id ?? (m as { transactionId?: string }).transactionId;
    const txType = tx?.type ?? (m as { transactionType?: string }).transactionType;
    if (txId === undefined) return [];
    if (txType !== undefined && !MONEY.has(txType)) return [];
    const at = state ?? tx?.state ?? 'Initial';
    if (txType === 'Charge' || txType === 'Refund') return [moneyJob(connection, txType, txId, at, model)];
    // A state change names no type: both readers look, and the one of the other type (or of an
    // authorization) reads it as nothing to do, so a capture that succeeds is registered, never a refund.
    return [moneyJob(connection, 'Charge', txId, at, model), moneyJob(connection, 'Refund', txId, at, model)];
  }
  if ((type === 'customer' || type === 'business-unit') && knownCustomers.has(customerId(m))) {
    const object = type === 'customer' ? OBJECTS.customer : OBJECTS.businessUnit;
    const id = customerId(m);
    return [
      {
        name: 'customer.sync',
        object,
        id,
        key: `commercetools|${connection}|${object}|${id}|v${m.resourceVersion}`,
        reason: m.type,
      },
    ];
  }
  return [];
}

function customerId(m: Message): string {
  return m.resource.typeId === 'business-unit'
    ? (m.resourceUserProvidedIdentifiers?.key ?? m.resource.id)
    : m.resource.id;
}

/** Our own status write-back (custom fields) raises messages too: those are echoes, never a reason to sync. */
export function isEcho(m: Message, ownClientId: string): boolean {
  return m.createdBy?.clientId === ownClientId && m.resource.typeId === 'order' && m.type.startsWith('OrderCustom');
}

/**
 * Per resource, the numbers this batch brings after the last one handled must follow on without a
 * hole. Messages of one request share a `createdAt`, so the batch is sorted by number per resource
 * first (the feed's own order within a millisecond is by id, which says nothing about sequence).
 */
export function sequences(
  known: Readonly<Record<string, number>>,
  batch: readonly Message[],
): { seq: Record<string, number>; gaps: string[] } {
  const seq = { ...known };
  const gaps: string[] = [];
  const byResource = Map.groupBy(batch, (m) => m.resource.id);
  for (const [resource, messages] of byResource) {
    const numbers = [...new Set(messages.map((m) => m.sequenceNumber))].sort((a, b) => a - b);
    let last = seq[resource];
    for (const n of numbers) {
      if (last !== undefined && n > last + 1 && !gaps.includes(resource)) gaps.push(resource);
      if (last === undefined || n > last) last = n;
    }
    if (last !== undefined) seq[resource] = last;
  }
  return { seq, gaps };
}

/** Messages strictly after `m` in the feed's order (createdAt, then id): the next page of a burst. */
export function after(m: { createdAt: string; id: string }): string {
  return `createdAt > "${m.createdAt}" or (createdAt = "${m.createdAt}" and id > "${m.id}")`;
}

/**
 * From the checkpoint (minus the overlap) to the first page with a message not handled yet, or to
 * the end. A page of only handled messages is paged past by key: a burst of more than a page inside
 * the overlap (a bulk import) otherwise came back as the same page for ever and the feed stood still.
 */
async function unseenPage(
  api: CtApi,
  from: string,
  seen: ReadonlySet<string>,
): Promise<{ page: Message[]; read: Message[] }> {
  const read: Message[] = [];
  let last: Message | undefined;
  for (;;) {
    const res = await api
      .messages()
      .get({
        queryArgs: {
          where: [
            last === undefined ? `createdAt >= "${from}"` : after(last),
            'resource(typeId in ("order", "payment", "customer", "business-unit"))',
          ],
          sort: ['createdAt asc', 'id asc'],
          limit: PAGE,
          withTotal: false,
        },
      })
      .execute();
    const page = res.body.results;
    read.push(...page);
    last = page.at(-1);
    if (page.length < PAGE || last === undefined || page.some((m) => !seen.has(m.id))) return { page, read };
  }
}

export async function readFeed(
  api: CtApi,
  store: FeedStore,
  connection: string,
  checkpoint: FeedCheckpoint,
  ownClientId: string,
  model: Bookkeeping = 'invoice',
): Promise<FeedRead> {
  const from = new Date(Date.parse(checkpoint.at) - OVERLAP_MS).toISOString();
  const seen = new Set(checkpoint.seen);
  let page: Message[];
  let read: Message[];
  try {
    ({ page, read } = await unseenPage(api, from, seen));
  } catch (error) {
    const status = statusOf(error);
    if (status === 400 || status === 403)
      return { kind: 'unavailable', reason: errorCodeOf(error) ?? `http_${status}` };
    throw toCtError('reading messages', error);
  }
  const fresh = page.filter((m) => !seen.has(m.id));
  const { seq, gaps } = sequences(checkpoint.seq, fresh);
  const customers = fresh
    .filter((m) => m.resource.typeId === 'customer' || m.resource.typeId === 'business-unit')
    .map(customerId);
  const known = await store.knownCustomers(connection, customers);
  const jobs = fresh.filter((m) => !isEcho(m, ownClientId)).flatMap((m) => jobsOf(connection, m, known, model));
  const at = page.at(-1)?.createdAt ?? checkpoint.at;
  const windowStart = Date.parse(at) - OVERLAP_MS;
  // Every message read (the pages paged past too) that the next read's overlap reaches is remembered.
  const createdAt = new Map(read.map((m) => [m.id, m.createdAt]));
  const next: FeedCheckpoint = {
    at,
    readAt: new Date().toISOString(),
    seen: [...new Set([...checkpoint.seen, ...createdAt.keys()])].filter((id) => {
      const when = createdAt.get(id);
      return when !== undefined && Date.parse(when) >= windowStart;
    }),
    seq: Object.fromEntries(Object.entries(seq).slice(-MAX_SEQUENCES)),
  };
  const created = await store.commit(connection, 'messages', {
    jobs,
    position: JSON.stringify(next),
    ...(gaps.length === 0
      ? {}
      : { reconciliation: { reason: 'sequence_gap', since: undefined, recordIds: gaps, recordsRead: gaps.length } }),
  });
  return { kind: 'read', handled: fresh.length, created, more: page.length === PAGE && fresh.length > 0, gaps };
}
