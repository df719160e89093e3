import type { Clock, DeliveryRecord } from '../kit/index.ts';
import type { BlocklistRules } from './options.ts';

/**
 * Per-destination blocklisting [BC-WH overview.mdx "Callback retry mechanism"]: a success ratio per
 * domain and client id over a sliding two-minute window, computed only once 100 deliveries are in
 * it; below 90 % the domain is blocklisted for that client for three minutes, and its events wait in
 * the retry queue. "Domain" is the host name: `domain.com/webhook-1` and `/webhook-2` share a fate.
 *
 * Time here is the webhook time of the emulator: the clock's jumps plus real time sped up by
 * 1/timeScale, the same compression the dispatcher applies to retry waits, so a three-minute block
 * ends after 180 ms real at the default scale, or at once when a test moves the clock 3 minutes.
 */

interface Outcome {
  at: number;
  ok: boolean;
  reason: string;
}

interface Block {
  from: number;
  until: number;
  reasons: Map<string, { count: number; timestamp: number }>;
}

export class Blocklist {
  readonly #clock: Clock;
  readonly #rules: BlocklistRules;
  readonly #timeScale: number;
  readonly #realStart = Date.now();
  readonly #outcomes = new Map<string, Outcome[]>();
  readonly #blocks = new Map<string, Block>();

  constructor(clock: Clock, rules: BlocklistRules, timeScale: number) {
    this.#clock = clock;
    this.#rules = rules;
    this.#timeScale = timeScale;
  }

  /** Emulated webhook time (ms): clock jumps count once, real time counts 1/timeScale times. */
  now(): number {
    const real = Date.now() - this.#realStart;
    return this.#clock.now() - real + real / this.#timeScale;
  }

  static key(clientId: string, url: string): string {
    return `${clientId}|${new URL(url).hostname}`;
  }

  /** Emulated ms left on this destination's block, or 0. */
  remaining(key: string): number {
    const b = this.#blocks.get(key);
    if (!b) return 0;
    const left = b.until - this.now();
    if (left <= 0) this.#blocks.delete(key);
    return Math.max(0, left);
  }

  record(key: string, r: DeliveryRecord): void {
    if (r.blocked || r.outcome === 'dropped') return; // nothing reached the destination
    const now = this.now();
    const list = (this.#outcomes.get(key) ?? []).filter((o) => o.at > now - this.#rules.windowMs);
    const ok = r.outcome === 'delivered';
    list.push({ at: now, ok, reason: r.status === undefined ? (r.error ?? 'no response') : `HTTP ${r.status}` });
    this.#outcomes.set(key, list);
    if (list.length < this.#rules.minRequests || this.remaining(key) > 0) return;
    const successes = list.filter((o) => o.ok).length;
    if (successes / list.length >= this.#rules.threshold) return;
    const reasons = new Map<string, { count: number; timestamp: number }>();
    for (const o of list) {
      if (o.ok) continue;
      const seen = reasons.get(o.reason) ?? { count: 0, timestamp: Math.floor(o.at / 1000) };
      seen.count++;
      reasons.set(o.reason, seen);
    }
    this.#blocks.set(key, { from: now, until: now + this.#rules.blockMs, reasons });
    this.#outcomes.delete(key); // the ratio starts afresh once the block is over
  }

  /** `blocked_domains` of `GET /v3/hooks/admin` for one client id. */
  blockedFor(clientId: string): { destination: string; time_left: number; reasons: unknown[] }[] {
    const out: { destination: string; time_left: number; reasons: unknown[] }[] = [];
    for (const [key, b] of this.#blocks) {
      const [client, host] = key.split('|');
      const left = this.remaining(key);
      if (client !== clientId || left <= 0) continue;
      out.push({
        destination: host ?? '',
        time_left: Math.ceil(left / 1000),
        reasons: [...b.reasons].map(([failure_description, r]) => ({ failure_description, ...r })),
      });
    }
    return out;
  }
}
