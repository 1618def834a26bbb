import * as hdr from 'hdr-histogram-js';

/*
 * Latencies of many reads, kept in an HDR histogram (fixed memory, whatever the count: an L1 peer makes
 * millions of reads in a few seconds) at microsecond resolution, three significant digits.
 */

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
}

export class LatencyRecorder {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 120_000_000, // 2 min in µs
    numberOfSignificantValueDigits: 3,
  });

  recordMs(ms: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  summary(): LatencySummary {
    return {
      count: this.histogram.totalCount,
      p50Ms: this.histogram.getValueAtPercentile(50) / 1000,
      p99Ms: this.histogram.getValueAtPercentile(99) / 1000,
    };
  }
}

/** A latency in ms as the tables show it: three significant digits (an L1 hit is a few µs, a load ms). */
export function formatMs(ms: number): string {
  if (ms === 0) return '0';
  return ms >= 100 ? ms.toFixed(0) : Number(ms.toPrecision(3)).toString();
}
