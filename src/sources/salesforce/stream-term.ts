import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../../core/logger.ts';
import { backoffMs } from '../../core/retry-policy.ts';
import { SerialQueue } from '../../core/serial-queue.ts';
import { type ChannelClient, openChannel } from './channel-client.ts';
import type { SalesforceSession } from './connection.ts';
import { type Outcome, type ProcessorDeps, processEvent, reconcileChannel } from './event-processor.ts';
import { type Channel, channelEntity, wantedChannels } from './stream-events.ts';
import type { StreamStore } from './stream-store.ts';

/**
 * One leadership term: a Salesforce session and one CometD client per channel, from the moment the
 * lock is won until it is lost or the process stops. Every recovery follows one pattern — close the
 * channel's client, drop what it delivered but we have not committed, and reopen from the
 * checkpoint in Postgres — so the committed checkpoint is the only truth about where we are.
 */

export type ListenerSignal =
  | { type: 'leading' }
  | { type: 'standby'; reason: string }
  | { type: 'subscribed'; channel: Channel; replayFrom: number }
  | { type: 'processed'; outcome: Outcome }
  | { type: 'rebuilding'; channel: Channel; reason: string };

export interface TermDeps {
  store: StreamStore;
  logger: Logger;
  clientName: string;
  /** Every channel this listener may subscribe to; the Order channel only while the settings want it. */
  channels: readonly Channel[];
  /** How often the settings are read again, so Orders switched on (or off) take effect in this term. */
  settingsCheckMs: number;
  openSession: () => Promise<SalesforceSession>;
  observe: (signal: ListenerSignal) => void;
}

/** Where a channel resumes, and whether the stream alone can be trusted to fill the gap. */
export interface ResumePlan {
  replayFrom: number;
  reconcile?: { reason: string; since: Date };
  /** Write a '-1' checkpoint first (first start, or a platform-event channel replaying all). */
  mark: boolean;
}

const SUBSCRIBE_RETRY_MS = 30_000;

/** Pure: CDC can be re-read with SOQL, platform events cannot (they are replayed from -2 instead). */
export function resumePlan(
  channel: Channel,
  checkpoint: { position: string; resumeFrom: Date } | undefined,
  replayInvalid: boolean,
): ResumePlan {
  const cdc = channelEntity(channel) !== undefined;
  if (checkpoint === undefined && !replayInvalid) return { replayFrom: -1, mark: true };
  const since = checkpoint?.resumeFrom ?? new Date();
  const unknown = replayInvalid || checkpoint?.position === '-1';
  if (!unknown) return { replayFrom: Number(checkpoint?.position), mark: false };
  if (!cdc) return { replayFrom: -2, mark: true };
  return {
    replayFrom: -1,
    reconcile: { reason: replayInvalid ? 'replay_id_invalid' : 'resume_without_replay_id', since },
    mark: false,
  };
}

export class StreamTerm {
  readonly #deps: TermDeps;
  readonly #clients = new Map<Channel, ChannelClient>();
  readonly #queues = new Map<Channel, SerialQueue>();
  #session: SalesforceSession | undefined;
  #offRenewed: (() => void) | undefined;
  readonly #abort = new AbortController();
  /** The channels subscribed in this term (the Order channel follows the settings). */
  readonly #wanted = new Set<Channel>();
  #settingsTimer: NodeJS.Timeout | undefined;

  constructor(deps: TermDeps) {
    this.#deps = deps;
  }

  get #active(): boolean {
    return !this.#abort.signal.aborted;
  }

  async begin(): Promise<void> {
    for (let attempt = 1; this.#active && this.#session === undefined; attempt++) {
      try {
        this.#session = await this.#deps.openSession();
      } catch (error) {
        this.#deps.logger.error('salesforce sign-in failed; retrying', { error, attempt });
        await delay(backoffMs(attempt, { maxAttempts: Infinity, baseDelayMs: 1000, maxDelayMs: 60_000 }), undefined, {
          signal: this.#abort.signal,
        }).catch(() => undefined);
      }
    }
    if (!this.#active || this.#session === undefined) return;
    this.#offRenewed = this.#session.onRenewed(() => {
      for (const channel of this.#wanted) this.#reopen(channel, 'session_renewed', false);
    });
    await this.#followSettings();
    // The term may have ended while the settings were read; its timer must not outlive it.
    if (!this.#active) return;
    this.#settingsTimer = setInterval(() => void this.#followSettings(), this.#deps.settingsCheckMs);
    this.#settingsTimer.unref();
  }

  /** Opens channels the settings now want and closes those they no longer do. */
  async #followSettings(): Promise<void> {
    let wanted: readonly Channel[];
    try {
      wanted = await wantedChannels(this.#deps.store, this.#deps.channels);
    } catch (error) {
      this.#deps.logger.warn('salesforce listener could not read its settings; keeping its channels', { error });
      return;
    }
    if (!this.#active) return;
    for (const channel of wanted) {
      if (this.#wanted.has(channel)) continue;
      this.#wanted.add(channel);
      this.#reopen(channel, 'start', false);
    }
    for (const channel of [...this.#wanted]) {
      if (wanted.includes(channel)) continue;
      this.#wanted.delete(channel);
      this.#clients.get(channel)?.close();
      this.#clients.delete(channel);
      this.#deps.logger.info('salesforce channel no longer wanted by the settings; unsubscribed', { channel });
    }
  }

  /** Stops every subscription at once, then waits for the event in flight (if any) to settle. */
  async end(): Promise<void> {
    this.#abort.abort();
    clearInterval(this.#settingsTimer);
    this.#offRenewed?.();
    for (const client of this.#clients.values()) client.close();
    this.#clients.clear();
    await Promise.all([...this.#queues.values()].map((queue) => queue.clear()));
  }

  #queue(channel: Channel): SerialQueue {
    let queue = this.#queues.get(channel);
    if (queue === undefined) {
      queue = new SerialQueue((error, attempt) =>
        this.#deps.logger.error('salesforce stream task failed; retrying', { channel, attempt, error }),
      );
      this.#queues.set(channel, queue);
    }
    return queue;
  }

  #processorDeps(): ProcessorDeps {
    const session = this.#session!;
    return {
      store: this.#deps.store,
      clientName: this.#deps.clientName,
      logger: this.#deps.logger,
      conn: () => session.conn,
    };
  }

  #reopen(channel: Channel, reason: string, replayInvalid: boolean): void {
    if (!this.#active || !this.#wanted.has(channel)) return;
    if (reason !== 'start') this.#deps.observe({ type: 'rebuilding', channel, reason });
    this.#clients.get(channel)?.close();
    this.#clients.delete(channel);
    const queue = this.#queue(channel);
    void queue.clear().then(() => queue.push(() => this.#open(channel, replayInvalid)));
  }

  async #open(channel: Channel, replayInvalid: boolean): Promise<void> {
    if (!this.#active || !this.#wanted.has(channel)) return;
    const checkpoint = await this.#deps.store.readCheckpoint(channel);
    const plan = resumePlan(channel, checkpoint, replayInvalid);
    if (plan.mark) {
      // A platform-event channel cannot be re-read; replaying all retained events is its reconciliation.
      const reconciliation = replayInvalid
        ? { reason: 'replay_id_invalid', since: undefined, recordIds: undefined, recordsRead: 0 }
        : undefined;
      await this.#deps.store.commit(channel, {
        jobs: [],
        position: '-1',
        eventAt: checkpoint?.resumeFrom ?? new Date(),
        ...(reconciliation ? { reconciliation } : {}),
      });
    }
    if (!this.#active) return;
    const queue = this.#queue(channel);
    const deps = this.#processorDeps();
    // Subscribe before reconciling: a change made while the SOQL query runs then arrives as an event.
    const client = openChannel(this.#session!.conn, channel, plan.replayFrom, this.#deps.logger, {
      onData: (data) =>
        queue.push(async () => {
          if (this.#clients.get(channel) !== client) return;
          this.#deps.observe({ type: 'processed', outcome: await processEvent(deps, channel, data) });
        }),
      onSubscribed: (replayFrom) => this.#deps.observe({ type: 'subscribed', channel, replayFrom }),
      onReplayInvalid: (error) => {
        this.#deps.logger.warn('salesforce replay id no longer valid; resubscribing and reconciling', {
          channel,
          error,
        });
        this.#reopen(channel, 'replay_id_invalid', true);
      },
      onSubscribeFailed: (error) => {
        this.#deps.logger.error('salesforce refused the subscription; retrying later', { channel, error });
        this.#clients.get(channel)?.close();
        this.#clients.delete(channel);
        setTimeout(() => this.#reopen(channel, 'subscribe_failed', false), SUBSCRIBE_RETRY_MS).unref();
      },
      // Every client of the old token fails alike; only a client still current asks for a new one.
      onAuthFailure: (why) => {
        if (this.#clients.get(channel) === client) void this.#reauthenticate(why);
      },
    });
    this.#clients.set(channel, client);
    if (plan.reconcile !== undefined) {
      const entity = channelEntity(channel)!;
      const { reason, since } = plan.reconcile;
      queue.push(async () =>
        this.#deps.observe({
          type: 'processed',
          outcome: await reconcileChannel(deps, channel, entity, reason, since),
        }),
      );
    }
  }

  /** `401::Authentication invalid`: the faye client is dead; a new token brings new clients (onRenewed). */
  async #reauthenticate(why: string): Promise<void> {
    this.#deps.logger.warn('salesforce streaming authentication invalid', { reason: why });
    for (let attempt = 1; this.#active; attempt++) {
      try {
        await this.#session!.reauthenticate('streaming_401');
        return;
      } catch (error) {
        this.#deps.logger.error('salesforce re-authentication failed; retrying', { error, attempt });
        await delay(backoffMs(attempt, { maxAttempts: Infinity, baseDelayMs: 1000, maxDelayMs: 60_000 }), undefined, {
          signal: this.#abort.signal,
        }).catch(() => undefined);
      }
    }
  }
}
