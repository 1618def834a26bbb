import type { Metadata } from 'next';
import { connection } from 'next/server';
import { Suspense } from 'react';

export const metadata: Metadata = { title: 'Benchmark: dynamic floor', robots: { index: false } };

/**
 * The benchmark's floor (`npm run bench`): the least a dynamic page of this build costs: the layout every
 * page has (with the header's personal hole) and one hole of its own rendered at request time. A catalog
 * page is measured against it. Served only by an instance started with BENCH_PAGES=1
 * (lib/pages/bench-pages.ts); a 404 everywhere else.
 */
export default function DynamicFloorPage() {
  return (
    <Suspense fallback={null}>
      <RequestTime />
    </Suspense>
  );
}

async function RequestTime() {
  await connection();
  return <p>Rendered at request time.</p>;
}
