import { createInterface } from 'node:readline';
import type { PeerId } from './peer';
import { peerById } from './peers';
import { productLoader } from './product-loader';

/**
 * One app instance in the cold stampede, run as its own OS process:
 *
 *   node --import tsx scripts/lib/bench/data-layer/stampede-worker.ts '<StampedeWorkerArgs as JSON>'
 *
 * It builds the peer and warms its database pool, prints "ready", waits for "go" on stdin (the parent sends
 * it to every worker at once, so their reads land together), fires `reads` concurrent reads of one cold key,
 * and prints one JSON line (StampedeWorkerResult): its loader runs and every read's latency.
 */

export interface StampedeWorkerArgs {
  peer: PeerId;
  redisUrl: string;
  databaseUrl: string;
  keyPrefix: string;
  slug: string;
  reads: number;
}

export interface StampedeWorkerResult {
  loaderRuns: number;
  latenciesMs: number[];
  errors: string[];
}

async function main(args: StampedeWorkerArgs): Promise<StampedeWorkerResult> {
  const loader = productLoader(args.databaseUrl);
  const cache = await peerById(args.peer).create({ redisUrl: args.redisUrl, keyPrefix: args.keyPrefix });
  try {
    await loader.warm();
    process.stdout.write('ready\n');
    await waitForGo();
    const load = loader.bySlug(args.slug);
    const settled = await Promise.allSettled(
      Array.from({ length: args.reads }, async () => {
        const begun = performance.now();
        await cache.getOrLoad(args.slug, load);
        return performance.now() - begun;
      }),
    );
    const latenciesMs: number[] = [];
    const errors: string[] = [];
    for (const outcome of settled) {
      if (outcome.status === 'fulfilled') latenciesMs.push(outcome.value);
      else errors.push(String(outcome.reason));
    }
    return { loaderRuns: loader.runs, latenciesMs, errors };
  } finally {
    await cache.close();
    await loader.close();
  }
}

function waitForGo(): Promise<void> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin });
    lines.on('line', (line) => {
      if (line.trim() !== 'go') return;
      lines.close();
      resolve();
    });
  });
}

main(JSON.parse(process.argv[2] ?? '{}') as StampedeWorkerArgs).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`stampede worker: ${String(error)}\n`);
    process.exit(1);
  },
);
