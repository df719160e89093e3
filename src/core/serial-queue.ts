import { backoffMs, type RetryPolicy } from './retry-policy.ts';

/**
 * Runs the tasks of one channel strictly one after another, in arrival order. faye calls its
 * listener for every message of a long-poll reply in a tight loop; without this, events of one
 * channel would commit out of order and the checkpoint could jump past an event still in flight.
 * A failing task (Postgres down, the source answering 503 during a reconciliation) is retried with backoff
 * and blocks the tasks behind it: an event is never dropped to make progress.
 */

type Task = () => Promise<void>;

/** Retries forever (attempt count only grows the wait), capped at 30 s between tries. */
const TASK_RETRY: RetryPolicy = { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 250, maxDelayMs: 30_000 };

export class SerialQueue {
  readonly #pending: Task[] = [];
  readonly #onError: (error: unknown, attempt: number) => void;
  #draining: Promise<void> | undefined;
  #epoch = 0;
  #wake: (() => void) | undefined;

  constructor(onError: (error: unknown, attempt: number) => void) {
    this.#onError = onError;
  }

  get size(): number {
    return this.#pending.length;
  }

  push(task: Task): void {
    this.#pending.push(task);
    this.#draining ??= this.#drain();
  }

  /** Drops what has not started and resolves once the task in progress (if any) has settled. */
  clear(): Promise<void> {
    this.#epoch++;
    this.#pending.length = 0;
    this.#wake?.();
    return this.#draining ?? Promise.resolve();
  }

  async #drain(): Promise<void> {
    for (let task = this.#pending.shift(); task !== undefined; task = this.#pending.shift()) {
      const epoch = this.#epoch;
      for (let attempt = 1; epoch === this.#epoch; attempt++) {
        try {
          await task();
          break;
        } catch (error) {
          if (epoch !== this.#epoch) break;
          this.#onError(error, attempt);
          await this.#sleep(backoffMs(attempt, TASK_RETRY));
        }
      }
    }
    this.#draining = undefined;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}
