/** What one benchmark case measured: how many requests, how fast, how long each took. */
export interface CaseFigures {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** The value below which `fraction` of the sorted samples lie (nearest rank). */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));

  return sorted[rank] ?? Number.NaN;
}

/** The figures of a run of `latencies` (ms) that took `elapsedMs` in all. */
export function summarize(latencies: readonly number[], elapsedMs: number): CaseFigures {
  const sorted = [...latencies].sort((a, b) => a - b);

  return {
    requests: sorted.length,
    perSecond: (sorted.length * 1000) / elapsedMs,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
  };
}

/** The middle value of `values` (the lower one of an even count). */
export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}
