import { describe, expect, it } from 'vitest';
import { nearestRank } from '../stats';
import { pathKind, windowStats, type Sample } from './window';

const sample = (
  connection: number,
  endedAt: number,
  latencyMs: number,
  path: string,
  status = 200,
): Sample => ({
  connection,
  endedAt,
  latencyMs,
  path,
  status,
});

describe('the fleet window', () => {
  it('sorts the cycle into kinds', () => {
    expect(pathKind('/products/red-mug-2')).toBe('product page');
    expect(pathKind('/api/products/red-mug-2')).toBe('product JSON');
    expect(pathKind('/products')).toBe('listing');
    expect(pathKind('/')).toBe('home');
  });

  it('takes the nearest rank', () => {
    const hundred = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(nearestRank(hundred, 99)).toBe(99);
    expect(nearestRank(hundred, 50)).toBe(50);
    expect(nearestRank([7], 99)).toBe(7);
    expect(nearestRank([], 99)).toBe(0);
  });

  it('counts only requests sent in the window, and each connection’s first answer apart', () => {
    const samples = [
      // Both connections' opening requests, sent before the window (1000): one waited 900 ms.
      sample(1, 950, 900, '/products/a'),
      sample(2, 300, 250, '/products/a'),
      // Sent before the window, answered inside it: still the warm-up's.
      sample(2, 1010, 20, '/api/products/a'),
      // Sent in the window.
      sample(1, 1030, 10, '/api/products/a'),
      sample(2, 1040, 30, '/products/b'),
      sample(1, 1100, 70, '/', 503),
    ];
    const stats = windowStats(samples, 1000);
    expect(stats.requests).toBe(3);
    expect(stats.non2xx).toBe(1);
    expect(stats.openings).toBe(2);
    expect(stats.openingMaxMs).toBe(900);
    expect(stats.p99Ms).toBe(70);
    expect(stats.p99ByKind).toEqual({ 'product page': 30, 'product JSON': 10, listing: 0, home: 70 });
  });
});
