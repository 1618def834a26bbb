/*
 * Zipf-distributed ranks: rank k (1-based) of n is drawn with probability (1/k^s) / H(n, s). An inverse-CDF
 * sampler (the cumulative weights once, then a binary search per draw) on a seeded generator (the seed's
 * mulberry32), so every run draws the same sequence. The one Zipf package on npm (zipfian-integer) takes a "skew" in [-1, 1] rather
 * than the exponent s, so the distribution the bench claims would be the package's to define, not ours.
 */

/** Draws 0-based ranks in [0, n): rank 0 is the most popular. */
export function zipfSampler(n: number, exponent: number, random: () => number): () => number {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let rank = 0; rank < n; rank += 1) {
    sum += 1 / (rank + 1) ** exponent;
    cumulative[rank] = sum;
  }
  return () => {
    const target = random() * sum;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

/** A seeded Fisher–Yates shuffle: which product is how popular, unrelated to its id or category. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}
