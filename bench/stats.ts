import { median, nearestRank } from '../tooling/stats';

/** Latency figures in ms, one decimal: nearest-rank percentiles of what was measured. */
export interface Latency {
  count: number;
  p50Ms: number;
  p99Ms: number;
}

export { median, nearestRank };

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
