import { nearestRank } from '../stats';

/*
 * The fleet's figures from the responses of one autocannon run: the requests sent after the warm-up on the
 * connections the warm-up opened, by kind of request, and apart from them each connection's first answer.
 *
 * Why apart: a connection's first request waits until the instance accepts the connection, and a saturated
 * `next start` (Node 20, libuv 1.46) accepts one connection per event-loop iteration, 30–100 ms under this
 * load. When autocannon opens its 64 connections at once, the last of them waits seconds: that is a
 * connection opening, not a catalog request, and measured inside the window it was the whole p99
 * (docs/capacity.md, "Latency of the fleet").
 */

export interface Sample {
  /** When the response ended (ms since the epoch). */
  endedAt: number;
  /** Which of autocannon's connections sent it. */
  connection: number;
  path: string;
  latencyMs: number;
  status: number;
}

export const PATH_KINDS = ['product page', 'product JSON', 'listing', 'home'] as const;
export type PathKind = (typeof PATH_KINDS)[number];

export function pathKind(path: string): PathKind {
  if (path.startsWith('/api/products/')) return 'product JSON';
  if (path.startsWith('/products/')) return 'product page';
  if (path === '/') return 'home';
  return 'listing';
}

export interface WindowStats {
  /** Responses to requests sent at or after the window's start. */
  requests: number;
  non2xx: number;
  p50Ms: number;
  p99Ms: number;
  p99ByKind: Record<PathKind, number>;
  /** Each connection's first response (sent before the window): how long the slowest waited. */
  openings: number;
  openingMaxMs: number;
}

const ascending = (values: number[]) => [...values].sort((a, b) => a - b);

/** The window's figures: what was sent from `windowStart` on, and every connection's first answer. */
export function windowStats(samples: Sample[], windowStart: number): WindowStats {
  const firsts = new Map<number, Sample>();
  for (const sample of samples) {
    const first = firsts.get(sample.connection);
    if (!first || sample.endedAt < first.endedAt) firsts.set(sample.connection, sample);
  }
  const measured = samples.filter((sample) => sample.endedAt - sample.latencyMs >= windowStart);
  const latencies = ascending(measured.map((sample) => sample.latencyMs));
  const p99ByKind = Object.fromEntries(
    PATH_KINDS.map((kind) => [
      kind,
      nearestRank(ascending(measured.filter((s) => pathKind(s.path) === kind).map((s) => s.latencyMs)), 99),
    ]),
  ) as Record<PathKind, number>;
  return {
    requests: measured.length,
    non2xx: measured.filter((sample) => sample.status < 200 || sample.status > 299).length,
    p50Ms: nearestRank(latencies, 50),
    p99Ms: nearestRank(latencies, 99),
    p99ByKind,
    openings: firsts.size,
    openingMaxMs: Math.max(0, ...[...firsts.values()].map((sample) => sample.latencyMs)),
  };
}
