import { loadEnv, runMain } from '../tooling/cli';
import { Cleanup } from '../bench/cleanup';
import { parseOptions } from '../bench/flash-sale/options';
import { printFigures, writeFigures } from '../bench/flash-sale/report';
import { runCheckoutBench } from '../bench/flash-sale/run';
import { openStore } from '../bench/flash-sale/store';
import { machine } from '../bench/report';
import { assertProductionBuild } from '../tooling/next-instance';

/*
 * A flash sale against two `next start` instances: N signed-in shoppers, each with one unit of the same
 * product in the cart, check out at once for U units, while autocannon keeps loading that product's page.
 * Prints checkouts/s, the answers and their latencies, PostgreSQL transactions per attempt, the page's
 * requests/s with and without the sale, and whether the sale came out right; writes the figures to
 * bench/results/. Makes its own database and key prefix and removes them (also on Ctrl-C).
 * Needs a production build. A shared 2-core machine is noisy: compare the ratios of one run.
 * `npm run bench -- --only flash-sale` runs the same sale (bench/flash-sale/run.ts) inside the bench.
 *
 *   npm run build && npm run bench:checkout -- [--quick]   (every option: bench/flash-sale/options.ts)
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
