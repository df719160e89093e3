// Durable streaming: every channel keeps its events for the retention window (72 h for CDC
// and high-volume platform events) under monotonically increasing, deliberately gappy replay
// ids — clients must treat them as opaque and never compute "the next one".
import type { Clock } from '../../kit/index.ts';
import type { JsonRecord } from '../data/format.ts';

export type StoredEvent = { readonly replayId: number; readonly at: number; readonly data: JsonRecord };
type ChannelLog = { nextId: number; events: StoredEvent[]; issued: Set<number> };

export const RETENTION_72H = 72 * 3_600_000;

export class EventLog {
  readonly #clock: Clock;
  retentionMs: number;
  readonly #channels = new Map<string, ChannelLog>();
  readonly #listeners = new Set<(channel: string, event: StoredEvent) => void>();

  constructor(clock: Clock, retentionMs = RETENTION_72H) {
    this.#clock = clock;
    this.retentionMs = retentionMs;
  }

  #log(channel: string): ChannelLog {
    let log = this.#channels.get(channel);
    if (!log) {
      log = { nextId: 1000 + Math.floor(Math.random() * 9000), events: [], issued: new Set() };
      this.#channels.set(channel, log);
    }
    return log;
  }

  onPublish(listener: (channel: string, event: StoredEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stores an event; `build` receives the replay id so it can be embedded in event.replayId. */
  publish(channel: string, build: (replayId: number) => JsonRecord): StoredEvent {
    const log = this.#log(channel);
    const replayId = log.nextId;
    log.nextId += 1 + Math.floor(Math.random() * 3);
    const event = { replayId, at: this.#clock.now(), data: build(replayId) };
    log.events.push(event);
    log.issued.add(replayId);
    for (const listener of this.#listeners) listener(channel, event);
    return event;
  }

  /**
   * Every stored event falls out of the retention window, as after an outage longer than 72 h,
   * without moving the org's clock (the app signs its JWT assertions on the real one). Stored
   * replay ids stop being valid; answers how many events went.
   */
  expireAll(): number {
    let gone = 0;
    for (const log of this.#channels.values()) {
      gone += log.events.length;
      log.events = [];
      log.issued.clear();
    }
    return gone;
  }

  /** Events still inside the retention window, oldest first. */
  retained(channel: string): StoredEvent[] {
    const log = this.#log(channel);
    const cutoff = this.#clock.now() - this.retentionMs;
    let drop = 0;
    while (drop < log.events.length && (log.events[drop]?.at ?? 0) < cutoff) drop++;
    if (drop) for (const ev of log.events.splice(0, drop)) log.issued.delete(ev.replayId);
    return log.events;
  }

  /**
   * Events to replay for a subscribe: -1 → none (tip), -2 → all retained, N → those after N.
   * Undefined when N is not a retained id (too old, never issued, or from another channel).
   */
  replayFrom(channel: string, replayId: number): StoredEvent[] | undefined {
    const events = this.retained(channel);
    if (replayId === -1) return [];
    if (replayId === -2) return [...events];
    if (!this.#log(channel).issued.has(replayId)) return undefined;
    return events.filter((ev) => ev.replayId > replayId);
  }

  latestReplayId(channel: string): number | undefined {
    return this.retained(channel).at(-1)?.replayId;
  }
}
