import { createInterface } from 'node:readline';
import type { PeerId } from './peer';
import { peerById } from './peers';
import { productLoader } from './product-loader';

/**
 * One app instance in the cold stampede, run as its own OS process:
 *
 *   node --import tsx bench/data-layer/stampede-worker.ts '<StampedeWorkerArgs as JSON>'
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

async function main(args: StampedeWorkerArgs): Promise<void> {
  const loader = productLoader(args.databaseUrl);
  const cache = await peerById(args.peer).create({ redisUrl: args.redisUrl, keyPrefix: args.keyPrefix });
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
  const result: StampedeWorkerResult = { loaderRuns: loader.runs, latenciesMs: [], errors: [] };
  for (const outcome of settled) {
    if (outcome.status === 'fulfilled') result.latenciesMs.push(outcome.value);
    else result.errors.push(String(outcome.reason));
  }
  // The figures first: a library whose teardown throws (bentocache's bus connection can reject a queued
  // command as "Connection is closed", uncaught) must not lose the measurement.
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.on('uncaughtException', (error) => {
    process.stderr.write(`stampede worker: after the figures: ${String(error)}\n`);
    process.exit(0);
  });
  await Promise.allSettled([cache.close(), loader.close()]);
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
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`stampede worker: ${String(error)}\n`);
    process.exit(1);
  },
);
