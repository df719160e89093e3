/**
 * Small measuring helpers: a deadline that fails loudly instead of a bench that hangs, and the
 * percentile rule the report uses (nearest rank, so p95 of 30 samples is the 29th, never an
 * interpolated value nobody measured).
 */

/** `what` may be a function, so the message tells the state at the deadline, not at the start. */
export async function within<T>(promise: Promise<T>, ms: number, what: string | (() => string)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `timed out after ${Math.round(ms / 1000)} s waiting for ${typeof what === 'string' ? what : what()}`,
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Nearest-rank percentile of `values` (p in 0..100); NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Samples `fn` every `ms` and keeps the highest value seen. */
export function peakSampler(fn: () => number, ms: number): { peak(): number; stop(): number } {
  let highest = fn();
  const take = (): number => (highest = Math.max(highest, fn()));
  const timer = setInterval(take, ms);
  timer.unref();
  return {
    peak: take,
    stop: () => {
      clearInterval(timer);
      return take();
    },
  };
}
