import { runCheckoutBench } from '../flash-sale/run';
import {
  catalogMix,
  FLEET_CONNECTIONS,
  measureFleet,
  MIX_DESCRIPTION,
  type FleetRun,
} from '../flash-sale/fleet';
import { openSaleStore, saleFiguresByName, saleOptions, saleTable } from '../flash-sale/sale';
import { PATH_KINDS } from '../flash-sale/window';
import { byMode, type BenchPart, type Table } from '../part';
import { round } from '../stats';

/*
 * Issue 6: the flash sale of `npm run bench:checkout` (its figures and its verdict), then the fleet of
 * `npm run scale-out` through nginx with 1, 2 and 3 instances, to show how throughput grows with instances
 * on this machine. The sale's two instances are stopped before the fleets start, and each fleet before the
 * next, so no measurement shares the cores with a previous one's servers.
 */

const FLEET_SIZES = [1, 2, 3];

const ms = (value: number) => Math.round(value);

const speedUp = (run: FleetRun, single: FleetRun) =>
  round(run.requestsPerSecond / single.requestsPerSecond, 2);

function fleetTable(runs: FleetRun[], seconds: number, paths: number): Table {
  const single = runs[0]!;
  return {
    title: `Fleet through nginx: ${FLEET_CONNECTIONS} connections, ${seconds} s per size after a warm-up, a cycle of ${paths} catalog requests`,
    columns: [
      'instances',
      'req/s',
      'p50 ms',
      'p99 ms',
      ...PATH_KINDS.map((kind) => `p99 ${kind}`),
      'first answer on a new connection, max ms',
      'non-2xx',
      'errors',
      'speed-up vs 1',
    ],
    rows: runs.map((run) => [
      run.instances,
      run.requestsPerSecond,
      ms(run.p50Ms),
      ms(run.p99Ms),
      ...PATH_KINDS.map((kind) => ms(run.p99ByKind[kind])),
      ms(run.openingMaxMs),
      run.non2xx,
      run.errors,
      `×${speedUp(run, single)}`,
    ]),
    note:
      `Each connection walks ${MIX_DESCRIPTION} (anonymous, all cached). The machine has 2 cores, ` +
      'shared by autocannon, nginx, Redis and the instances: one instance is one event loop, a second can take ' +
      'the second core, a third has none of its own. The cores cap the gain here, not the storefront; on ' +
      'separate machines each instance would bring its own. Latencies count requests sent after the warm-up, ' +
      'on the connections it opened. A new connection waits for a saturated instance to accept it, one per ' +
      'event-loop iteration: its first answer is shown apart (docs/capacity.md, "Latency of the fleet").',
  };
}

export const flashSalePart: BenchPart = {
  id: 'flash-sale',
  title: 'Flash sale: checkouts under contention, and the fleet through nginx with 1, 2 and 3 instances',
  async run(context) {
    const options = saleOptions(context);
    const store = await openSaleStore(context, options.units);
    const sale = await runCheckoutBench(store, options);
    await Promise.all(store.instances.map((instance) => instance.stop()));
    if (sale.serverErrors.length > 0) console.log(`Server error lines:\n${sale.serverErrors.join('\n')}`);

    const seconds = byMode(context.mode, { full: 10, quick: 5, smoke: 1 });
    const warmSeconds = byMode(context.mode, { full: 3, quick: 2, smoke: 0 });
    const paths = await catalogMix(context.databaseUrl);
    const runs: FleetRun[] = [];
    for (const instances of FLEET_SIZES)
      runs.push(await measureFleet(context, instances, paths, { seconds, warmSeconds }));

    const figures: Record<string, number> = saleFiguresByName(sale);
    for (const run of runs) {
      const name = `fleet_${run.instances}`;
      figures[`${name}_rps`] = run.requestsPerSecond;
      figures[`${name}_p50_ms`] = run.p50Ms;
      figures[`${name}_p99_ms`] = run.p99Ms;
      figures[`${name}_opening_max_ms`] = run.openingMaxMs;
      for (const kind of PATH_KINDS)
        figures[`${name}_p99_${kind.replace(' ', '_')}_ms`] = run.p99ByKind[kind];
      figures[`${name}_non2xx`] = run.non2xx;
      figures[`${name}_speedup`] = speedUp(run, runs[0]!);
    }
    return { tables: [saleTable(options, sale), fleetTable(runs, seconds, paths.length)], figures };
  },
};
