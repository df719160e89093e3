// Wall clock with an offset tests can move forward: session expiry, replay retention, the
// rolling 24 h API allocation and SOQL date literals all read time from here.
export class Clock {
  #offsetMs = 0;
  readonly #listeners = new Set<() => void>();

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error('clock can only move forward');
    this.#offsetMs += ms;
    for (const listener of this.#listeners) listener();
  }

  onAdvance(listener: () => void): void {
    this.#listeners.add(listener);
  }
}
