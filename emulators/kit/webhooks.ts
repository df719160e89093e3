import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Clock } from './clock.ts';
import { seededRandom } from './faults.ts';
import type { Chaos, DeliveryPolicy, DeliveryRecord, OutgoingWebhook } from './webhook-types.ts';

export type { Chaos, DeliveryPolicy, DeliveryRecord, OutgoingWebhook, Preflight } from './webhook-types.ts';

/**
 * Outgoing webhooks, delivered the way the real systems do it: signed per attempt, retried on the
 * system's schedule (in compressed time, so "retries for three days" takes seconds), or never
 * (WooCommerce). On demand it misbehaves like production: duplicates, reordering, delays, drops.
 * Each emulator decides what a failure means for its subscription (BigCommerce deactivates a hook,
 * WooCommerce disables it) by listening to `result`.
 */

interface Job {
  id: string;
  hook: OutgoingWebhook;
  attempt: number;
  dueAt: number;
  timer?: NodeJS.Timeout;
}

type Flags = Pick<DeliveryRecord, 'blocked' | 'simulated'>;

const NO_CHAOS: Chaos = { duplicate: 0, drop: 0, reorderWindow: 0, delayMs: 0 };

export class WebhookDispatcher extends EventEmitter<{ result: [DeliveryRecord] }> {
  readonly #clock: Clock;
  readonly policy: DeliveryPolicy;
  #chaos: Chaos = { ...NO_CHAOS };
  #random: () => number;
  readonly #log: DeliveryRecord[] = [];
  readonly #waiting = new Set<Job>();
  #held: Job[] = [];
  #inFlight = 0;
  #idle: (() => void)[] = [];
  #closed = false;
  readonly #offClock: () => void;

  constructor(clock: Clock, policy: DeliveryPolicy, seed = 1) {
    super();
    this.#clock = clock;
    this.policy = policy;
    this.#random = seededRandom(seed);
    // Moving the emulator's clock past a retry's due time sends it now: tests never wait for back-off.
    this.#offClock = clock.onAdvance((now) => {
      for (const job of [...this.#waiting]) if (job.dueAt <= now) this.#fire(job);
    });
  }

  setChaos(chaos: Partial<Chaos>): Chaos {
    this.#chaos = { ...this.#chaos, ...chaos };
    return this.#chaos;
  }

  chaos(): Chaos {
    return { ...this.#chaos };
  }

  send(hook: OutgoingWebhook): string {
    const id = randomUUID();
    const job: Job = { id, hook, attempt: 1, dueAt: this.#clock.now() };
    if (this.#random() < this.#chaos.drop) {
      this.#record(job, { outcome: 'dropped' });
      return id;
    }
    const copies = this.#random() < this.#chaos.duplicate ? 2 : 1;
    for (let i = 0; i < copies; i++) this.#enqueue(i === 0 ? job : { ...job });
    return id;
  }

  deliveries(filter: Partial<Pick<DeliveryRecord, 'subscription' | 'event' | 'outcome'>> = {}): DeliveryRecord[] {
    return this.#log.filter((r) => Object.entries(filter).every(([k, v]) => r[k as keyof DeliveryRecord] === v));
  }

  pending(): number {
    return this.#waiting.size + this.#held.length + this.#inFlight;
  }

  /** Resolves once nothing is waiting, held or in flight (retries included). */
  idle(): Promise<void> {
    if (this.pending() === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /**
   * Drops the retries waiting for one subscription (an endpoint disabled or deleted: Stripe sends
   * no further retries to it); answers how many were dropped, each logged as `gave_up`.
   */
  cancel(subscription: string): number {
    let dropped = 0;
    for (const job of [...this.#waiting]) {
      if (job.hook.subscription !== subscription) continue;
      clearTimeout(job.timer);
      this.#waiting.delete(job);
      this.#record(job, { outcome: 'gave_up', error: 'cancelled' });
      dropped += 1;
    }
    this.#settle();
    return dropped;
  }

  /** Sends every waiting retry now (what advancing the clock far enough would do). */
  flushRetries(): void {
    for (const job of [...this.#waiting]) this.#fire(job);
    this.#release();
  }

  close(): void {
    this.#closed = true;
    this.#offClock();
    for (const job of this.#waiting) clearTimeout(job.timer);
    this.#waiting.clear();
    this.#held = [];
    this.#settle();
  }

  #enqueue(job: Job): void {
    if (this.#chaos.reorderWindow > 1) {
      this.#held.push(job);
      if (this.#held.length >= this.#chaos.reorderWindow) this.#release();
      else setTimeout(() => this.#release(), 200).unref();
      return;
    }
    void this.#deliver(job);
  }

  #release(): void {
    const held = this.#held;
    this.#held = [];
    for (let i = held.length - 1; i > 0; i--) {
      const j = Math.floor(this.#random() * (i + 1));
      [held[i], held[j]] = [held[j]!, held[i]!];
    }
    for (const job of held) void this.#deliver(job);
  }

  #fire(job: Job): void {
    clearTimeout(job.timer);
    if (!this.#waiting.delete(job)) return;
    void this.#deliver(job);
  }

  async #deliver(job: Job): Promise<void> {
    if (this.#closed) return;
    this.#inFlight++;
    try {
      if (this.#chaos.delayMs > 0) await new Promise((r) => setTimeout(r, this.#chaos.delayMs));
      const pre = this.policy.preflight?.(job.hook, job.attempt);
      if (pre !== undefined && 'blockedUntil' in pre) {
        this.#failed(job, undefined, 'destination blocked', { blocked: true }, pre.blockedUntil);
        return;
      }
      let status: number | undefined;
      let error: string | undefined;
      if (pre === undefined) [status, error] = await this.#post(job);
      else if ('status' in pre) status = pre.status;
      else error = pre.error;
      const flags: Flags = pre === undefined ? {} : { simulated: true };
      const ok = status !== undefined && (this.policy.success ?? ((s: number) => s >= 200 && s < 300))(status);
      if (ok) this.#record(job, { outcome: 'delivered', status: status as number, ...flags });
      else this.#failed(job, status, error, flags);
    } finally {
      this.#inFlight--;
      this.#settle();
    }
  }

  async #post(job: Job): Promise<[number | undefined, string | undefined]> {
    const body = typeof job.hook.body === 'function' ? job.hook.body() : job.hook.body;
    const at = this.#clock.now();
    const headers = { 'content-type': 'application/json', ...job.hook.headers, ...job.hook.sign?.(body, at) };
    try {
      const res = await fetch(job.hook.url, {
        method: 'POST',
        headers,
        body,
        redirect: this.policy.followRedirects === false ? 'manual' : 'follow',
        signal: AbortSignal.timeout(this.policy.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      return [res.status, undefined];
    } catch (e) {
      return [undefined, e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)];
    }
  }

  #failed(job: Job, status: number | undefined, error: string | undefined, flags: Flags = {}, notBefore = 0): void {
    const wait = this.policy.retryDelaysMs[job.attempt - 1];
    const detail = { ...(status === undefined ? {} : { status }), ...(error === undefined ? {} : { error }), ...flags };
    if (wait === undefined || this.#closed) {
      this.#record(job, { outcome: 'gave_up', ...detail });
      return;
    }
    this.#record(job, { outcome: 'failed', ...detail });
    const now = this.#clock.now();
    const next: Job = { ...job, attempt: job.attempt + 1, dueAt: Math.max(now + wait, notBefore) };
    next.timer = setTimeout(() => this.#fire(next), Math.max(0, (next.dueAt - now) * this.policy.timeScale));
    next.timer.unref();
    this.#waiting.add(next);
  }

  #record(job: Job, r: Pick<DeliveryRecord, 'outcome' | 'status' | 'error' | 'blocked' | 'simulated'>): void {
    const record: DeliveryRecord = {
      id: job.id,
      subscription: job.hook.subscription,
      event: job.hook.event,
      url: job.hook.url,
      attempt: job.attempt,
      at: this.#clock.now(),
      ...r,
    };
    this.#log.push(record);
    this.emit('result', record);
  }

  #settle(): void {
    if (this.pending() > 0) return;
    const waiting = this.#idle;
    this.#idle = [];
    for (const resolve of waiting) resolve();
  }
}
