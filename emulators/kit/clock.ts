/**
 * An emulator's clock: real time plus an offset that tests move forward, so token lifetimes, rate
 * windows, retention and due dates are exercised without sleeping. Listeners hear every jump, so
 * work scheduled in emulated time (a webhook retry due in an hour) can run when the clock passes it.
 * `startAt` begins at another instant (also in the past: a test of a rule that changed on a date,
 * such as a VAT rate, starts the day before); from there it still only moves forward.
 */
export class Clock {
  #offsetMs: number;
  readonly #listeners = new Set<(now: number) => void>();

  constructor(startAt?: number) {
    if (startAt !== undefined && !Number.isFinite(startAt)) throw new RangeError('startAt must be an epoch in ms');
    this.#offsetMs = startAt === undefined ? 0 : startAt - Date.now();
  }

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  date(): Date {
    return new Date(this.now());
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the emulator clock only moves forward');
    this.#offsetMs += ms;
    const now = this.now();
    for (const listener of this.#listeners) listener(now);
    return now;
  }

  /** Jump to an absolute instant (forward only, like advance). */
  set(epochMs: number): number {
    return this.advance(Math.max(0, epochMs - this.now()));
  }

  onAdvance(listener: (now: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
