import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../core/logger.ts';
import type { DatabaseTarget } from '../db/connection.ts';

/**
 * Invariant 5: one stream leader. Leadership is a Postgres session advisory lock held on a
 * connection of its own, for exactly as long as that session lives: a leader killed with -9 loses
 * its TCP connection, Postgres ends the session and frees the lock, and a standby's next try wins.
 * A leader whose lock connection fails (or stops answering the health check) steps down at once —
 * it can no longer prove it holds the lock, and another process may already lead.
 */

// Two-int form, so it cannot collide with node-pg-migrate's single-bigint migration lock.
const LOCK_NAMESPACE = 1_181_645_907; // 'FnxS'

/** A stable 31-bit key for a leadership's name, for leaders that have no historic key. */
export function lockKeyFor(name: string): number {
  return createHash('sha256').update(name).digest().readUInt32BE(0) & 0x7fffffff;
}

export interface LeaderLockOptions {
  target: DatabaseTarget;
  logger: Logger;
  /** How often a standby tries the lock and a leader checks its connection (default 3 s). */
  pollMs?: number;
  /** What is led, for logs ("salesforce stream", "fortnox websocket"); also derives the lock key. */
  label: string;
  /** The lock's key when it must stay what an earlier release used; derived from `label` otherwise. */
  lockKey?: number;
  onAcquired(): void;
  onLost(reason: string): void;
}

export class LeaderLock {
  readonly #options: LeaderLockOptions;
  readonly #pollMs: number;
  #client: pg.Client | undefined;
  #leading = false;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: LeaderLockOptions) {
    this.#options = options;
    this.#pollMs = options.pollMs ?? 3000;
  }

  get leading(): boolean {
    return this.#leading;
  }

  start(): void {
    void this.#tick();
  }

  async #tick(): Promise<void> {
    this.#timer = undefined;
    if (this.#stopped) return;
    try {
      const client = this.#client ?? (await this.#connect());
      if (this.#leading) await client.query('SELECT 1');
      else {
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [
          LOCK_NAMESPACE,
          this.#options.lockKey ?? lockKeyFor(this.#options.label),
        ]);
        if (rows[0]?.locked === true && !this.#stopped) {
          this.#leading = true;
          this.#options.logger.info(`${this.#options.label} leadership acquired`);
          this.#options.onAcquired();
        }
      }
    } catch (error) {
      this.#drop(`lock connection failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!this.#stopped) this.#timer = setTimeout(() => void this.#tick(), this.#pollMs);
  }

  async #connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.#options.target.url,
      ssl: this.#options.target.ssl,
      application_name: 'fortnox-sync-stream-leader',
      keepAlive: true,
      connectionTimeoutMillis: 5000,
      // A health check that hangs (half-open TCP) must fail well before a standby would take over.
      query_timeout: Math.max(2000, this.#pollMs * 2),
    });
    client.on('error', (error) => this.#drop(`lock connection error: ${error.message}`));
    client.on('end', () => this.#drop('lock connection ended'));
    await client.connect();
    if (this.#stopped) {
      await client.end();
      throw new Error('stopped');
    }
    this.#client = client;
    return client;
  }

  #drop(reason: string): void {
    const client = this.#client;
    this.#client = undefined;
    client?.removeAllListeners('end');
    client?.end().catch(() => undefined);
    if (!this.#leading) return;
    this.#leading = false;
    this.#options.logger.warn(`${this.#options.label} leadership lost`, { reason });
    this.#options.onLost(reason);
  }

  /** Releases the lock (a standby takes over at its next try) and stops trying. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = undefined;
    this.#leading = false;
    if (client === undefined) return;
    client.removeAllListeners('end');
    client.on('error', () => undefined);
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
