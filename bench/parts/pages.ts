import postgres from 'postgres';
import type { Instance } from '../../tooling/next-instance';
import { byMode, type BenchContext, type BenchPart, type Cell, type Table } from '../part';
import { load, type LoadFigures } from '../pages/load';
import { round } from '../stats';

/*
 * The pages against Next.js's own floor and ceiling, on one build: the warm product, listing and home
 * pages and the product JSON, the same four with CACHE_DISABLED=1 (every read from PostgreSQL, the page
 * cache off too), a trivial dynamic page (/bench/dynamic: the layout and one request-time hole: the least
 * a page rendered per request costs) and a static page (/bench/static). Requests per second and latency
 * at 1, 32 and 128 connections (autocannon); the ratios to the trivial dynamic page are what matter on a
 * shared machine. Both bench pages are in every build but served only with BENCH_PAGES=1, which these
 * instances are started with.
 */

const CONNECTIONS = [1, 32, 128] as const;
const FLOOR = 'trivial dynamic page';

interface Target {
  label: string;
  id: string;
  path: string;
  cache: 'on' | 'off';
}

interface Measured extends Target {
  kilobytes: number;
  byConnections: Map<number, LoadFigures>;
}

async function hotProductSlug(databaseUrl: string): Promise<string> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ slug: string }[]>`select slug from products order by id limit 1`;
    if (!row) throw new Error('the bench database has no products');
    return row.slug;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function targets(slug: string): Target[] {
  const catalog = [
    { label: 'product page', id: 'product', path: `/products/${slug}` },
    { label: 'listing page', id: 'listing', path: '/products' },
    { label: 'home page', id: 'home', path: '/' },
    { label: 'product JSON', id: 'json', path: `/api/products/${slug}` },
  ];
  return [
    ...catalog.map((target) => ({ ...target, cache: 'on' as const })),
    { label: FLOOR, id: 'dynamic', path: '/bench/dynamic', cache: 'on' },
    { label: 'static page', id: 'static', path: '/bench/static', cache: 'on' },
    ...catalog.map((target) => ({
      ...target,
      label: `${target.label}, CACHE_DISABLED=1`,
      id: `${target.id}_uncached`,
      cache: 'off' as const,
    })),
  ];
}

async function measure(context: BenchContext, instance: Instance, list: Target[]): Promise<Measured[]> {
  const length = byMode(context.mode, {
    full: { seconds: 5 },
    quick: { seconds: 2 },
    smoke: { amount: 20 },
  });
  const progress = context.progress('pages', list.length * CONNECTIONS.length);
  const measured: Measured[] = [];
  try {
    for (const target of list) {
      const url = `${instance.baseURL}${target.path}`;
      // Warm: rendered and stored (a render that raced an invalidation is not stored, hence more than one).
      let bytes = 0;
      for (let i = 0; i < 3; i += 1) {
        const response = await fetch(url);
        // A 404 (say, /bench/* on an instance without BENCH_PAGES=1) would be measured as if it were the page.
        if (!response.ok) throw new Error(`${target.path} answered ${response.status}`);
        bytes = (await response.arrayBuffer()).byteLength;
      }
      const byConnections = new Map<number, LoadFigures>();
      for (const connections of CONNECTIONS) {
        byConnections.set(connections, await load(url, connections, length));
        progress.increment();
      }
      measured.push({ ...target, kilobytes: bytes / 1024, byConnections });
    }
  } finally {
    progress.stop();
  }
  return measured;
}

function tables(measured: Measured[]): { tables: Table[]; figures: Record<string, number> } {
  const floor = measured.find((row) => row.label === FLOOR)!;
  const figures: Record<string, number> = {};
  const at = (row: Measured, connections: number) => row.byConnections.get(connections)!;
  for (const row of measured) {
    for (const connections of CONNECTIONS) {
      const figure = at(row, connections);
      figures[`pages_${row.id}_rps_${connections}`] = Math.round(figure.requestsPerSecond);
      figures[`pages_${row.id}_p50_ms_${connections}`] = figure.p50Ms;
      figures[`pages_${row.id}_p99_ms_${connections}`] = figure.p99Ms;
    }
    figures[`pages_${row.id}_vs_dynamic_32`] = round(
      at(row, 32).requestsPerSecond / at(floor, 32).requestsPerSecond,
      2,
    );
    figures[`pages_${row.id}_p50_vs_dynamic_1`] = round(
      at(row, 1).p50Ms / Math.max(at(floor, 1).p50Ms, 1),
      2,
    );
  }
  const throughput: Cell[][] = measured.map((row) => [
    row.label,
    round(row.kilobytes, 1),
    ...CONNECTIONS.map((connections) => Math.round(at(row, connections).requestsPerSecond)),
    figures[`pages_${row.id}_vs_dynamic_32`]!,
    figures[`pages_${row.id}_p50_vs_dynamic_1`]!,
    CONNECTIONS.reduce((sum, c) => sum + at(row, c).non2xx + at(row, c).errors, 0),
  ]);
  const latency: Cell[][] = measured.map((row) => [
    row.label,
    ...CONNECTIONS.flatMap((connections) => [at(row, connections).p50Ms, at(row, connections).p99Ms]),
  ]);
  const cacheGain: Cell[][] = measured
    .filter((row) => row.cache === 'on' && measured.some((other) => other.id === `${row.id}_uncached`))
    .map((row) => {
      const uncached = measured.find((other) => other.id === `${row.id}_uncached`)!;
      const gains = ([1, 32] as const).map((connections) => {
        const gain = at(row, connections).requestsPerSecond / at(uncached, connections).requestsPerSecond;
        figures[`pages_${row.id}_cache_gain_${connections}`] = round(gain, 1);
        return `${round(gain, 1)}×`;
      });
      return [
        row.label,
        Math.round(at(row, 1).requestsPerSecond),
        Math.round(at(uncached, 1).requestsPerSecond),
        gains[0]!,
        Math.round(at(row, 32).requestsPerSecond),
        Math.round(at(uncached, 32).requestsPerSecond),
        gains[1]!,
      ];
    });
  return {
    figures,
    tables: [
      {
        title: 'Requests per second, by connections',
        columns: [
          'page',
          'KB',
          ...CONNECTIONS.map((c) => `req/s @${c}`),
          '× dynamic floor @32',
          'p50 × floor @1',
          'non-2xx + errors',
        ],
        rows: throughput,
        note:
          'Catalog pages are sent whole from the page cache, so they should sit near the static page and well above ' +
          'the trivial dynamic page (the least a page rendered per request costs); with CACHE_DISABLED=1 every view ' +
          'is rendered from PostgreSQL.',
      },
      {
        title: 'Latency (ms), p50 / p99 by connections',
        columns: ['page', ...CONNECTIONS.flatMap((c) => [`p50 @${c}`, `p99 @${c}`])],
        rows: latency,
        note: 'At one connection, the time to serve one view; at 128, how it queues when the process is saturated.',
      },
      {
        title: 'What the cache gives, at 1 and 32 connections',
        columns: ['page', 'cached @1', 'uncached @1', 'gain @1', 'cached @32', 'uncached @32', 'gain @32'],
        rows: cacheGain,
        note:
          'The same build and catalog, the cache engine and page cache on, then off (req/s). Read the gain at one ' +
          'connection: with 32 asking for the same URL at once, Next.js renders it once for all the requests ' +
          'waiting on it, which flatters the uncached figure.',
      },
    ],
  };
}

export const pagesPart: BenchPart = {
  id: 'pages',
  title: 'Pages against Next.js’s own floor',
  async run(context) {
    const list = targets(await hotProductSlug(context.databaseUrl));
    const measured: Measured[] = [];
    for (const cache of ['on', 'off'] as const) {
      const instance = await context.startInstance({
        // The floor and ceiling pages are served only by instances started so (lib/pages/bench-pages.ts).
        BENCH_PAGES: '1',
        REDIS_KEY_PREFIX: context.keyPrefix(`pages-${cache}`),
        CACHE_DISABLED: cache === 'off' ? '1' : '',
      });
      try {
        measured.push(
          ...(await measure(
            context,
            instance,
            list.filter((target) => target.cache === cache),
          )),
        );
      } finally {
        await instance.stop();
      }
    }
    return tables(measured);
  },
};
