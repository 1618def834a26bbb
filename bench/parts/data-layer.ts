import { Redis } from 'ioredis';
import { measureStampede, type StampedeResult } from '../data-layer/cold-stampede';
import { measureHits, type HitResult } from '../data-layer/hit-throughput';
import { formatMs } from '../data-layer/latency';
import type { Peer } from '../data-layer/peer';
import { PEERS } from '../data-layer/peers';
import { productLoader, type ProductLoader } from '../data-layer/product-loader';
import { byMode, type BenchContext, type BenchPart, type Table } from '../part';

/*
 * The data layer against its peers on the same Redis and the same loader (one product row from
 * PostgreSQL): how fast each serves hits, and what a cold key read at once by two app instances costs the
 * database. Each peer runs alone, on a Redis emptied before it.
 */

const HOT_KEYS = 100;
const READERS = 32;
const STAMPEDE_PROCESSES = 2;

/** A library that broke under the stampede: a finding for the table, not a reason to lose the run. */
interface StampedeFailure {
  failed: string;
}

type ColdOutcome = StampedeResult | StampedeFailure;

export const dataLayerPart: BenchPart = {
  id: 'data-layer',
  title: 'Data layer: our getOrLoad against bentocache, cachified, cache-manager and plain cache-aside',
  async run(context) {
    const redis = new Redis(context.redisUrl, { connectionName: 'bench-data-layer-admin' });
    context.defer('close the data-layer Redis client', () => redis.quit());
    const loader = productLoader(context.databaseUrl);
    context.defer('close the data-layer database pool', () => loader.close());
    const slugs = await loader.slugs(HOT_KEYS);
    const readsPerProcess = byMode(context.mode, { full: 250, quick: 250, smoke: 20 });

    const hits = await eachPeer(context, 'hit throughput, per library', async (peer) => {
      await redis.flushall();
      return hitsOf(context, peer, loader, slugs);
    });
    const colds = await eachPeer(
      context,
      'cold stampede, per library',
      async (peer): Promise<ColdOutcome> => {
        await redis.flushall(); // the key is cold for every library
        const options = {
          peer: peer.id,
          slug: slugs[0] as string,
          keyPrefix: context.keyPrefix(`data-layer-cold-${peer.id}`),
          processes: STAMPEDE_PROCESSES,
          readsPerProcess,
        };
        return measureStampede(context, options).catch((error: Error) => ({ failed: error.message }));
      },
    );

    return {
      tables: [hitTable(hits, slugs.length), coldTable(colds, readsPerProcess * STAMPEDE_PROCESSES)],
      figures: Object.fromEntries(
        PEERS.flatMap((peer, index) => figuresOf(peer, hits[index]!, colds[index]!)),
      ),
    };
  },
};

/** Runs `measure` for each peer in turn, under a progress bar. */
async function eachPeer<T>(
  context: BenchContext,
  label: string,
  measure: (peer: Peer) => Promise<T>,
): Promise<T[]> {
  const progress = context.progress(label, PEERS.length);
  const results: T[] = [];
  try {
    for (const peer of PEERS) {
      results.push(await measure(peer));
      progress.increment();
    }
  } finally {
    progress.stop(); // its timer would keep the process alive after an error
  }
  return results;
}

async function hitsOf(context: BenchContext, peer: Peer, loader: ProductLoader, slugs: string[]) {
  const durationMs = byMode(context.mode, { full: 5000, quick: 2000, smoke: 300 });
  const cache = await peer.create({
    redisUrl: context.redisUrl,
    keyPrefix: context.keyPrefix(`data-layer-${peer.id}`),
  });
  context.defer(`close the ${peer.id} cache`, () => cache.close());
  try {
    const result = await measureHits(cache, loader, { slugs, readers: READERS, durationMs });
    if (result.loadsWhileMeasuring > 0) {
      console.warn(`data-layer: ${peer.id} ran its loader ${result.loadsWhileMeasuring} times on warm keys`);
    }
    return result;
  } finally {
    await cache.close(); // now, not at the end of the run: the next peer gets Redis to itself
  }
}

function hitTable(hits: HitResult[], keys: number): Table {
  return {
    title: `Hit throughput (${READERS} concurrent readers in one process, ${keys} warm keys)`,
    columns: ['library', 'tiers and stampede protection', 'reads/s', 'p50 ms', 'p99 ms'],
    rows: PEERS.map((peer, index) => {
      const hit = hits[index]!;
      return [
        peer.label,
        peer.setup,
        Math.round(hit.readsPerSecond),
        formatMs(hit.p50Ms),
        formatMs(hit.p99Ms),
      ];
    }),
    note:
      'A peer with an in-process tier serves hits from memory and outruns one that asks Redis every time; ' +
      'among those with one, the gap is what each library does per read besides the lookup.',
  };
}

function coldTable(colds: ColdOutcome[], reads: number): Table {
  return {
    title: `Cold stampede (${reads} concurrent reads of one uncached key from ${STAMPEDE_PROCESSES} processes)`,
    columns: [
      'library',
      `loader runs (${reads} cold reads, ${STAMPEDE_PROCESSES} processes)`,
      'waiter p50 ms',
      'waiter p99 ms',
    ],
    rows: PEERS.map((peer, index) => {
      const cold = colds[index]!;
      if ('failed' in cold) return [peer.label, `failed: ${cold.failed}`, '–', '–'];
      const errors = cold.errors > 0 ? ` (${cold.errors} reads failed)` : '';
      return [peer.label, `${cold.loaderRuns}${errors}`, formatMs(cold.p50Ms), formatMs(cold.p99Ms)];
    }),
    note:
      'Only a lock across processes holds the database to one query per cold key whatever the number of ' +
      'instances: the peers coalesce within a process (one load per instance at best), and plain ' +
      'cache-aside sends every cold read to the database.',
  };
}

function figuresOf(peer: Peer, hit: HitResult, cold: ColdOutcome): Array<[string, number]> {
  const name = (figure: string) => `data_layer_${peer.id}_${figure}`;
  const figures: Array<[string, number]> = [
    [name('hit_rps'), Math.round(hit.readsPerSecond)],
    [name('hit_p50_ms'), hit.p50Ms],
    [name('hit_p99_ms'), hit.p99Ms],
  ];
  if ('failed' in cold) return figures;
  return [
    ...figures,
    [name('cold_loader_runs'), cold.loaderRuns],
    [name('cold_p50_ms'), cold.p50Ms],
    [name('cold_p99_ms'), cold.p99Ms],
  ];
}
