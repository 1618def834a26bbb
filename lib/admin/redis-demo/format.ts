/** A latency as the demo shows it: 0.21 ms, 3.4 ms, 27 ms; an em dash when there is none. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}
