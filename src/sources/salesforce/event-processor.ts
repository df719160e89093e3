import type { Connection } from 'jsforce';
import type { Logger } from '../../core/logger.ts';
import { resolvePriceJobs } from './product-relevance.ts';
import { reconcile } from './reconcile.ts';
import { type Decision, decide, type Entity, ledgerLookup, type RelevanceContext } from './relevance.ts';
import { type Channel, eventTime, parseStreamEvent, replayIdOf, type StreamEvent } from './stream-events.ts';
import type { KeyedJob, StreamStore } from './stream-store.ts';

/**
 * One event, start to finish: parse, read the two facts relevance needs, decide, re-read Salesforce
 * when the event itself is not enough, then enqueue and checkpoint in one transaction. Nothing is
 * skipped silently: every outcome is logged with its reason, and an event we cannot parse is logged
 * as an error before the checkpoint moves past it (it would fail the same way on every replay).
 */

export interface ProcessorDeps {
  store: StreamStore;
  clientName: string;
  logger: Logger;
  /** The current Salesforce connection (replaced after re-authentication). */
  conn: () => Connection;
}

export interface Outcome {
  channel: Channel;
  replayId: number | undefined;
  decision: Decision['kind'] | 'invalid';
  reason: string;
  jobsEnqueued: number;
}

/** What relevance needs from the connection's settings: won stages and which objects invoice. */
async function settingsOf(deps: ProcessorDeps): Promise<Pick<RelevanceContext, 'wonStages' | 'invoiceObjects'>> {
  const { settings, invalid } = await deps.store.settings();
  if (invalid) deps.logger.warn('salesforce connection settings do not validate; using the defaults', {});
  return { wonStages: settings.wonStages, invoiceObjects: settings.invoiceObjects };
}

export async function processEvent(deps: ProcessorDeps, channel: Channel, data: unknown): Promise<Outcome> {
  const event = parseStreamEvent(channel, data);
  if (event.kind === 'invalid') {
    const replayId = replayIdOf(data);
    deps.logger.error('salesforce event not understood; moving past it', { channel, replayId, error: event.error });
    if (replayId !== undefined)
      await deps.store.commit(channel, { jobs: [], position: String(replayId), eventAt: undefined });
    return { channel, replayId, decision: 'invalid', reason: 'unparseable', jobsEnqueued: 0 };
  }
  const lookup = ledgerLookup(event, deps.clientName);
  const ledger = lookup ? await deps.store.ledger(lookup.entity, lookup.ids) : new Set<string>();
  const entity = event.kind === 'change' ? event.event.payload.ChangeEventHeader.entityName : undefined;
  const settings =
    entity === 'Opportunity' || entity === 'Order' ? await settingsOf(deps) : { wonStages: [] as string[] };
  const decision = decide(event, { clientName: deps.clientName, ...settings, ledger });
  const position = String(event.replayId);
  const eventAt = eventTime(event);
  const log = deps.logger.child({ channel, replayId: event.replayId, ...recordIdsOf(event) });

  if (decision.kind === 'reconcile') {
    log.warn('salesforce event without usable field values; reconciling', { reason: decision.reason });
    const result = await reconcile(deps.conn(), deps.store, decision, {
      clientName: deps.clientName,
      ...(await settingsOf(deps)),
    });
    const reconciliation = {
      reason: decision.reason,
      since: result.since,
      recordIds: decision.recordIds,
      recordsRead: result.recordsRead,
    };
    const jobsEnqueued = await deps.store.commit(channel, { jobs: result.jobs, position, eventAt, reconciliation });
    log.info('reconciliation done', { reason: decision.reason, recordsRead: result.recordsRead, jobsEnqueued });
    return { channel, replayId: event.replayId, decision: decision.kind, reason: decision.reason, jobsEnqueued };
  }
  const planned = decision.kind === 'enqueue' ? await resolvePriceJobs(deps.conn(), decision.jobs) : [];
  const jobs: KeyedJob[] = planned.map((job) => ({
    ...job,
    key: `event|${channel}|${position}|${job.name}|${job.recordId}`,
  }));
  const jobsEnqueued = await deps.store.commit(channel, { jobs, position, eventAt });
  if (decision.kind === 'enqueue')
    log.info('salesforce event enqueued', {
      reason: decision.reason,
      jobs: planned.map((j) => j.name),
      jobsEnqueued,
    });
  else log.debug('salesforce event ignored', { reason: decision.reason });
  return { channel, replayId: event.replayId, decision: decision.kind, reason: decision.reason, jobsEnqueued };
}

/** Resuming without a usable replay id: re-read what changed since we last knew the stream. */
export async function reconcileChannel(
  deps: ProcessorDeps,
  channel: Channel,
  entity: Entity,
  reason: string,
  since: Date,
): Promise<Outcome> {
  const startedAt = new Date();
  deps.logger.warn('salesforce stream resumes without a replay id; reconciling', { channel, reason, since });
  const result = await reconcile(
    deps.conn(),
    deps.store,
    { entity, since },
    { clientName: deps.clientName, ...(await settingsOf(deps)) },
  );
  // '-1' plus the time: if we stop before the next event, the next start reconciles from here.
  const jobsEnqueued = await deps.store.commit(channel, {
    jobs: result.jobs,
    position: '-1',
    eventAt: startedAt,
    reconciliation: { reason, since: result.since, recordIds: undefined, recordsRead: result.recordsRead },
  });
  deps.logger.info('reconciliation done', { channel, reason, recordsRead: result.recordsRead, jobsEnqueued });
  return { channel, replayId: undefined, decision: 'reconcile', reason, jobsEnqueued };
}

function recordIdsOf(event: StreamEvent): { recordIds?: string[] } {
  if (event.kind === 'change') return { recordIds: event.event.payload.ChangeEventHeader.recordIds.slice(0, 10) };
  const id = event.event.payload.Record_Id__c;
  return id ? { recordIds: [id] } : {};
}
