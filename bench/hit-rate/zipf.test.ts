import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../tooling/seed/seed-generate';
import { shuffled, zipfSampler } from './zipf';

describe('zipfSampler', () => {
  it('draws rank k about 1/k as often as rank 1 (s = 1)', () => {
    const draw = zipfSampler(1000, 1.0, mulberry32(7));
    const counts = new Array<number>(1000).fill(0);
    for (let index = 0; index < 200_000; index += 1) counts[draw()]! += 1;
    const harmonic = Array.from({ length: 1000 }, (_, k) => 1 / (k + 1)).reduce((a, b) => a + b);
    expect(counts[0]! / 200_000).toBeCloseTo(1 / harmonic, 2);
    expect(counts[0]! / counts[9]!).toBeGreaterThan(8);
    expect(counts[0]! / counts[9]!).toBeLessThan(12);
    expect(Math.min(...counts.slice(0, 100))).toBeGreaterThan(0);
  });

  it('is reproducible from its seed', () => {
    const first = zipfSampler(50, 1.0, mulberry32(3));
    const second = zipfSampler(50, 1.0, mulberry32(3));
    expect(Array.from({ length: 20 }, first)).toEqual(Array.from({ length: 20 }, second));
    expect(shuffled([1, 2, 3, 4, 5], mulberry32(1)).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
