import { loadEnv, runMain } from './lib/cli';
import { Cleanup } from './lib/checkout-bench/cleanup';
import { parseOptions } from './lib/checkout-bench/options';
import { machine, printFigures, writeFigures } from './lib/checkout-bench/report';
import { runCheckoutBench } from './lib/checkout-bench/run';
import { assertProductionBuild, openStore } from './lib/checkout-bench/store';

/*
 * A flash sale against two `next start` instances: N signed-in shoppers, each with one unit of the same
 * product in the cart, check out at once for U units, while autocannon keeps loading that product's page.
 * Prints checkouts/s, the answers and their latencies, PostgreSQL transactions per attempt, the page's
 * requests/s with and without the sale, and whether the sale came out right; writes the figures to
 * bench/results/. Makes its own database and key prefix and removes them (also on Ctrl-C).
 * Needs a production build. A shared 2-core machine is noisy: compare the ratios of one run.
 * `npm run bench -- --only flash-sale` runs the same sale (lib/checkout-bench/run.ts) inside the bench.
 *
 *   npm run build && npm run bench:checkout -- [--quick]   (every option: lib/checkout-bench/options.ts)
 */

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  assertProductionBuild();
  loadEnv();
  const cleanup = new Cleanup();
  cleanup.exitOnSignals();
  try {
    console.log(`Setting up: ${options.shoppers} shoppers, ${options.units} units, two instances…`);
    const store = await openStore(options.units, cleanup);
    const result = await runCheckoutBench(store, options);
    const figures = { date: new Date().toISOString(), machine: machine(), options, ...result };
    printFigures(figures);
    console.log(`\nFigures written to ${await writeFigures(figures)}`);
    if (!figures.verdict.passed) process.exitCode = 1;
  } finally {
    await cleanup.run();
  }
}

runMain(main);
