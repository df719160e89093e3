/**
 * An emulator's clock: real time plus an offset that tests move forward, so token lifetimes, rate
 * windows, retention and due dates are exercised without sleeping. Listeners hear every jump, so
 * work scheduled in emulated time (a webhook retry due in an hour) can run when the clock passes it.
 */
export class Clock {
  #offsetMs = 0;
  readonly #listeners = new Set<(now: number) => void>();

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
