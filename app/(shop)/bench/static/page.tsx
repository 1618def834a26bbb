import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Benchmark: static ceiling', robots: { index: false } };

/**
 * The benchmark's ceiling (`npm run bench`): a page of this build prerendered whole at build time. Served
 * only by an instance started with BENCH_PAGES=1 (lib/pages/bench-pages.ts); a 404 everywhere else.
 */
export default function StaticCeilingPage() {
  return <p>Prerendered at build time.</p>;
}
