import { defined } from '../core/optional.ts';
import type { DatabaseTarget } from '../db/connection.ts';
import { activeTenants } from '../fortnox/auth/connections.ts';
import { LeaderLock } from '../jobs/leader-lock.ts';
import type { StatusDeps } from './status-deps.ts';
import { latestOffset } from './status-ledger.ts';
import { type TopicEvent, TopicsConnection } from './topics-connection.ts';

export type { TopicEvent } from './topics-connection.ts';

/**
 * The Fortnox WebSocket (reference §7) in the worker: one connection for every connected tenant,
 * held only by the process that owns a dedicated advisory lock (one per deployment; a standby
 * takes over when the holder dies). It resumes from the newest stored offset, subscribes to
 * `invoices`, turns each event into a `status.invoice` job and stores the tenant's offset in the
 * same transaction, and reconnects with capped, jittered backoff. The poller stays the safety net:
 * when an offset is refused (older than Fortnox's two weeks) every tenant is polled instead.
 */

const FORTNOX_TOPICS_LOCK = 2; // beside the Salesforce stream's 1 in the same namespace

export type TopicsSignal =
  | { type: 'leading' }
  | { type: 'subscribed'; tenants: string[]; offset: string | undefined }
  | { type: 'event'; event: TopicEvent }
  | { type: 'disconnected'; reason: string };

export interface TopicsSubscriberOptions {
  url: string;
  clientSecret: string;
  deps: StatusDeps;
  /** For the lock's own connection (not from the pool). */
  target: DatabaseTarget;
  lockPollMs?: number;
  backoff?: { initialMs: number; maxMs: number };
  /** How often the set of connected tenants is compared with the connection's (default 60 s). */
  tenantCheckMs?: number;
  observe?: (signal: TopicsSignal) => void;
}

export class TopicsSubscriber {
  readonly #o: TopicsSubscriberOptions;
  readonly #lock: LeaderLock;
  #connection: TopicsConnection | undefined;
  #leading = false;
  #stopped = false;
  #failures = 0;
  #retry: NodeJS.Timeout | undefined;
  #check: NodeJS.Timeout | undefined;

  constructor(options: TopicsSubscriberOptions) {
    this.#o = options;
    const logger = options.deps.logger.child({ component: 'fortnox-topics' });
    this.#lock = new LeaderLock({
      target: options.target,
      logger,
      lockKey: FORTNOX_TOPICS_LOCK,
      label: 'fortnox websocket',
      ...defined({ pollMs: options.lockPollMs }),
      onAcquired: () => {
        this.#leading = true;
        this.#signal({ type: 'leading' });
        void this.#connect();
      },
      onLost: () => {
        this.#leading = false;
        this.#disconnect('leadership lost');
      },
    });
  }

  start(): this {
    this.#lock.start();
    return this;
  }

  get connected(): boolean {
    return this.#connection?.subscribed === true;
  }

  #signal(s: TopicsSignal): void {
    this.#o.observe?.(s);
  }

  async #connect(): Promise<void> {
    this.#retry = undefined;
    if (this.#stopped || !this.#leading || this.#connection !== undefined) return;
    const { deps } = this.#o;
    try {
      const tenants = await activeTenants(deps.pool);
      if (tenants.length === 0) return this.#later(this.#o.tenantCheckMs ?? 60_000);
      const offset = await latestOffset(deps.pool, tenants);
      const connection = new TopicsConnection({
        url: this.#o.url,
        clientSecret: this.#o.clientSecret,
        deps,
        tenants,
        offset,
        onEvent: (event) => this.#signal({ type: 'event', event }),
        onClose: (reason) => this.#closed(connection, reason),
      });
      this.#connection = connection;
      await connection.open();
      this.#failures = 0;
      this.#signal({ type: 'subscribed', tenants: connection.tenants, offset });
      this.#watchTenants(connection);
    } catch (error) {
      deps.logger.warn('fortnox websocket connect failed', { error });
      const reason = error instanceof Error ? error.message : String(error);
      if (this.#connection !== undefined) await this.#connection.close(reason);
      else this.#retryAfter(reason);
    }
  }

  /** A tenant connected or revoked since we subscribed: reconnect with the new set. */
  #watchTenants(connection: TopicsConnection): void {
    this.#check = setTimeout(async () => {
      if (this.#connection !== connection) return;
      const now = await activeTenants(this.#o.deps.pool).catch(() => connection.tenants);
      if (now.join(',') !== connection.tenants.join(',')) connection.close('tenants changed');
      else this.#watchTenants(connection);
    }, this.#o.tenantCheckMs ?? 60_000);
  }

  #closed(connection: TopicsConnection, reason: string): void {
    if (this.#connection !== connection) return;
    this.#connection = undefined;
    if (this.#check) clearTimeout(this.#check);
    this.#signal({ type: 'disconnected', reason });
    this.#retryAfter(reason);
  }

  #retryAfter(reason: string): void {
    if (this.#stopped || !this.#leading) return;
    const { initialMs, maxMs } = this.#o.backoff ?? { initialMs: 1000, maxMs: 60_000 };
    const delay = Math.min(maxMs, initialMs * 2 ** this.#failures++);
    this.#o.deps.logger.warn('fortnox websocket closed; reconnecting', { reason, inMs: delay });
    this.#later(delay * (0.75 + Math.random() / 2));
  }

  #later(ms: number): void {
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = setTimeout(() => void this.#connect(), ms);
  }

  #disconnect(reason: string): void {
    void this.#connection?.close(reason);
  }

  /** Closes the connection after the event in hand is stored, and gives up the lock. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retry) clearTimeout(this.#retry);
    if (this.#check) clearTimeout(this.#check);
    const connection = this.#connection;
    this.#connection = undefined;
    await connection?.close('stopping');
    await this.#lock.stop();
  }
}
