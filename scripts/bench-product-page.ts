import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { deleteKeysWithPrefix, randomId, randomSecret } from '../test/run-env';
import { startNextInstance, type Instance } from '../test/next-instance';
import { loadEnv } from './lib/cli';
import { measureFloor, reportFloor, type FloorFigures } from './lib/page-floor';

/*
 * Two parts, in one run on this machine:
 * 1. The warm product, listing and home pages against a trivial dynamic page and a static page of the same
 *    build (autocannon; ./lib/page-floor.ts): how close the page cache brings a catalog page to Next.js's
 *    own floor.
 * 2. A product's page (`/products/{slug}`, rendered HTML) and its JSON (`/api/products/{slug}`) per second,
 *    with the cache and without it (CACHE_DISABLED=1).
 * Needs a production build (`npm run build`) and the demo catalog (`npm run db:seed`). Prints figures; a
 * machine shared with others is noisy, so read the ratio, not the absolute numbers.
 *
 *   node --import tsx scripts/bench-product-page.ts [--seconds 10] [--concurrency 32] [--products 20]
 */

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '32' },
    products: { type: 'string', default: '20' },
  },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const hotProducts = Number(values.products);

const targets = [
  { label: 'page', path: (slug: string) => `/products/${slug}` },
  { label: 'JSON', path: (slug: string) => `/api/products/${slug}` },
];

interface Result {
  label: string;
  requests: number;
  failures: number;
  latencies: number[];
}

/** A closed loop: `concurrency` shoppers each fetch a random hot product page, back to back. */
async function hammer(label: string, instance: Instance, paths: string[]): Promise<Result> {
  const result: Result = { label, requests: 0, failures: 0, latencies: [] };
  const deadline = performance.now() + seconds * 1000;
  const shopper = async () => {
    while (performance.now() < deadline) {
      const path = paths[Math.floor(Math.random() * paths.length)]!;
      const started = performance.now();
      const response = await fetch(`${instance.baseURL}${path}`).catch(() => undefined);
      await response?.arrayBuffer();
      result.latencies.push(performance.now() - started);
      result.requests += 1;
      if (response?.status !== 200) result.failures += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, shopper));
  return result;
}

function percentile(sorted: number[], p: number): string {
  return (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0).toFixed(1);
}

function report(results: Result[]): void {
  console.log(`\n${concurrency} concurrent shoppers, ${seconds} s each, ${hotProducts} hot products\n`);
  console.log('| setup | pages/s | p50 ms | p95 ms | p99 ms | failures |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const { label, requests, failures, latencies } of results) {
    const sorted = [...latencies].sort((x, y) => x - y);
    const rate = (requests / seconds).toFixed(0);
    const cells = [percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99)];
    console.log(`| ${label} | ${rate} | ${cells.join(' | ')} | ${failures} |`);
  }
  for (const target of targets) {
    const [cached, direct] = results.filter((result) => result.label.startsWith(target.label));
    if (!cached || !direct) continue;
    const ratio = (cached.requests / direct.requests).toFixed(1);
    console.log(`\n${target.label}: cached / PostgreSQL only = ${ratio}×`);
  }
}

async function main(): Promise<void> {
  loadEnv();
  const databaseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/storefront';
  const sql = postgres(databaseUrl, { max: 1 });
  const rows = await sql<{ slug: string }[]>`select slug from products order by id limit ${hotProducts}`;
  await sql.end();
  if (rows.length === 0) throw new Error('the catalog is empty: run `npm run db:seed` first');
  const slugs = rows.map((row) => row.slug);

  const prefix = `bench:${randomId()}:`;
  const results: Result[] = [];
  let floor: FloorFigures[] = [];
  try {
    const instance = await startNextInstance({
      DATABASE_URL: databaseUrl,
      REDIS_KEY_PREFIX: prefix,
      SESSION_SECRET: process.env.SESSION_SECRET || randomSecret(),
    });
    try {
      floor = await measureFloor(
        instance,
        [
          { label: 'product page', path: `/products/${slugs[0]}` },
          { label: 'listing page', path: '/products' },
          { label: 'home page', path: '/' },
          { label: 'trivial dynamic page', path: '/bench/dynamic' },
          { label: 'static page', path: '/bench/static' },
        ],
        { seconds, connections: concurrency },
      );
    } finally {
      await instance.stop();
    }
    for (const [label, disabled] of [
      ['cache (L1 + Redis)', ''],
      ['PostgreSQL only (CACHE_DISABLED=1)', '1'],
    ] as const) {
      const instance = await startNextInstance({
        DATABASE_URL: databaseUrl,
        REDIS_KEY_PREFIX: prefix,
        CACHE_DISABLED: disabled,
        SESSION_SECRET: process.env.SESSION_SECRET || randomSecret(),
      });
      try {
        for (const target of targets) {
          const paths = slugs.map(target.path);
          await Promise.all(paths.map((path) => fetch(`${instance.baseURL}${path}`).then((r) => r.text())));
          results.push(await hammer(`${target.label}, ${label}`, instance, paths));
        }
      } finally {
        await instance.stop();
      }
    }
  } finally {
    await deleteKeysWithPrefix(prefix);
  }
  reportFloor(floor, concurrency);
  report(results);
}

await main();
