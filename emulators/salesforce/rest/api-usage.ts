// The daily API allocation: a rolling 24 h window (kept in hour buckets, read from the movable
// clock) that real calls fill up, reported in Sforce-Limit-Info and /limits, and enforced with
// REQUEST_LIMIT_EXCEEDED once spent.
import type { Clock } from '../../kit/index.ts';

const HOUR = 3_600_000;

export class ApiUsage {
  readonly #clock: Clock;
  readonly limit: number;
  readonly #buckets = new Map<number, number>();
  /** Calls since start, never rolled off; by "<METHOD> <resource>" for tests and the benchmark. */
  readonly byEndpoint = new Map<string, number>();
  total = 0;

  constructor(clock: Clock, limit: number) {
    this.#clock = clock;
    this.limit = limit;
  }

  used(): number {
    const current = Math.floor(this.#clock.now() / HOUR);
    let sum = 0;
    for (const [hour, count] of this.#buckets) {
      if (hour <= current - 24) this.#buckets.delete(hour);
      else sum += count;
    }
    return sum;
  }

  exhausted(): boolean {
    return this.used() >= this.limit;
  }

  record(endpoint: string): void {
    const hour = Math.floor(this.#clock.now() / HOUR);
    this.#buckets.set(hour, (this.#buckets.get(hour) ?? 0) + 1);
    this.byEndpoint.set(endpoint, (this.byEndpoint.get(endpoint) ?? 0) + 1);
    this.total++;
  }

  header(): string {
    return `api-usage=${this.used()}/${this.limit}`;
  }

  reset(): void {
    this.#buckets.clear();
    this.byEndpoint.clear();
    this.total = 0;
  }
}
