import { EventEmitter } from 'node:events';
import type { Env, FortnoxEvent } from './state.ts';

/**
 * The emulator's Kafka stand-in behind the WebSocket topics API (reference §7): one ordered log per
 * topic, every event with an opaque per-topic offset, replayable from an offset for two weeks.
 * Offsets are opaque to clients (base64url of the sequence number); only the emulator compares them.
 */

export const TOPICS = [
  'invoices',
  'customers',
  'orders',
  'offers',
  'articles',
  'currencies',
  'termsofdeliveries',
  'waysofdeliveries',
  'termsofpayments',
  'cost-centers',
  'financial-years',
  'projects',
  'suppliers',
  'supplier-invoices',
  'vouchers',
  'warehouse-stockbalances',
  'messages',
  'bureau-activities',
  'bureau-assignments',
] as const;

export const RETENTION_MS = 14 * 86_400_000;

export interface TopicEvent {
  topic: string;
  offset: string;
  type: string;
  tenantId: number;
  entityId: string;
  timestamp: string;
}

interface Stored {
  seq: number;
  at: number;
  event: TopicEvent;
}

export const encodeOffset = (seq: number): string => Buffer.from(`fx:${seq}`).toString('base64url');

export function decodeOffset(offset: string): number | undefined {
  const m = /^fx:(\d{1,15})$/.exec(Buffer.from(offset, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

/** Stockholm wall-clock timestamp with offset, as Fortnox's events carry ("2017-12-28T14:59:16.500+01:00"). */
function stockholmStamp(iso: string): string {
  const date = new Date(iso);
  const local = new Date(date.toLocaleString('en-US', { timeZone: 'Europe/Stockholm' }));
  const utc = new Date(date.toLocaleString('en-US', { timeZone: 'UTC' }));
  const minutes = Math.round((local.getTime() - utc.getTime()) / 60_000);
  const shifted = new Date(date.getTime() + minutes * 60_000).toISOString().slice(0, 23);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${shifted}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export class TopicLog {
  readonly #env: Env;
  readonly #logs = new Map<string, Stored[]>();
  readonly #seq = new Map<string, number>();
  /** 'append' (event: TopicEvent) for live delivery. */
  readonly appended = new EventEmitter();

  constructor(env: Env) {
    this.#env = env;
    this.appended.setMaxListeners(0);
    env.events.on('event', (e: FortnoxEvent) => this.append(e));
  }

  append(e: FortnoxEvent): TopicEvent {
    const seq = (this.#seq.get(e.topic) ?? 0) + 1;
    this.#seq.set(e.topic, seq);
    const event: TopicEvent = {
      topic: e.topic,
      offset: encodeOffset(seq),
      type: e.type,
      tenantId: e.tenantId,
      entityId: e.entityId,
      timestamp: stockholmStamp(e.timestamp),
    };
    const log = this.#logs.get(e.topic) ?? [];
    log.push({ seq, at: this.#env.clock.now(), event });
    this.#logs.set(e.topic, log);
    this.appended.emit('append', event);
    return event;
  }

  /**
   * Events of `topic` from `offset` on (inclusive, as a Kafka consumer position), or 'expired' when
   * that point has left the two-week retention, 'invalid' when it is not an offset of this topic.
   */
  from(topic: string, offset: string): TopicEvent[] | 'expired' | 'invalid' {
    const seq = decodeOffset(offset);
    if (seq === undefined || seq < 1 || seq > (this.#seq.get(topic) ?? 0) + 1) return 'invalid';
    const horizon = this.#env.clock.now() - RETENTION_MS;
    const log = (this.#logs.get(topic) ?? []).filter((s) => s.at >= horizon);
    const first = log[0]?.seq ?? (this.#seq.get(topic) ?? 0) + 1;
    if (seq < first) return 'expired';
    return log.filter((s) => s.seq >= seq).map((s) => s.event);
  }

  /** How many events `topic` has had (tests). */
  count(topic: string): number {
    return this.#seq.get(topic) ?? 0;
  }
}
