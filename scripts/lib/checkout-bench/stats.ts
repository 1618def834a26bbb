/** Latency figures in ms, one decimal: nearest-rank percentiles of what was measured. */
export interface Latency {
  count: number;
  p50Ms: number;
  p99Ms: number;
}

/** Nearest rank of an ascending list; 0 for none. */
export function nearestRank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
}

function percentile(sorted: readonly number[], p: number): number {
  return round(nearestRank(sorted, p));
}

export function latency(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((x, y) => x - y);
  return { count: sorted.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}

export function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
