import pLimit from 'p-limit';
import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresWork } from '../e2e/support/postgres-stats';
import { loadEnv, runMain } from './lib/cli';
import { Cleanup } from './lib/checkout-bench/cleanup';
import { parseOptions, type BenchOptions } from './lib/checkout-bench/options';
import { pageFigures, startPageLoad, type PageRecord } from './lib/checkout-bench/page-load';
import { progressBar } from './lib/checkout-bench/progress';
import { machine, printFigures, saleFigures, writeFigures, type Figures } from './lib/checkout-bench/report';
import { runSale } from './lib/checkout-bench/sale';
import { prepareShoppers } from './lib/checkout-bench/shoppers';
import { assertProductionBuild, openStore, type BenchStore } from './lib/checkout-bench/store';
import { round } from './lib/checkout-bench/stats';
import { verifySale } from './lib/checkout-bench/verify';

/*
 * A flash sale against two `next start` instances: N signed-in shoppers, each with one unit of the same
 * product in the cart, check out at once for U units, while autocannon keeps loading that product's page.
 * Prints checkouts/s, the answers and their latencies, PostgreSQL transactions per attempt, the page's
 * requests/s with and without the sale, and whether the sale came out right; writes the figures to
 * bench/results/. Makes its own database and key prefix and removes them (also on Ctrl-C).
 * Needs a production build. A shared 2-core machine is noisy: compare the ratios of one run.
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
    const figures = await bench(options, cleanup);
    printFigures(figures);
    console.log(`\nFigures written to ${await writeFigures(figures)}`);
    if (!figures.verdict.passed) process.exitCode = 1;
  } finally {
    await cleanup.run();
  }
}

async function bench(options: BenchOptions, cleanup: Cleanup): Promise<Figures> {
  console.log(`Setting up: ${options.shoppers} shoppers, ${options.units} units, two instances…`);
  const store = await openStore(options.units, cleanup);
  const limit = pLimit(options.concurrency);
  const cookies = await prepareShoppers(store, options.shoppers, limit);
  const pageUrls = store.instances.map((instance) => `${instance.baseURL}/products/${store.product.slug}`);
  await warmPage(pageUrls);
  const baseline = await driveBaseline(pageUrls, options);

  const work = new PostgresWork(store.databaseUrl);
  cleanup.defer('close statistics connection', () => work.close());
  const transactionsBefore = await work.transactions();
  const load = startPageLoad(pageUrls, options.connections);
  const sale = await runSale(store, cookies, limit);
  const duringSale = await load.stop();
  const transactions = (await work.transactions()) - transactionsBefore;

  const seconds = (sale.endedAt - sale.startedAt) / 1000;
  const page = comparePage(baseline, duringSale, sale.startedAt, sale.endedAt);
  const pageServerErrors = page.withoutSale.serverErrors + page.duringSale.serverErrors;
  const verdict = await verifySale(store, options.units, sale.answers, pageServerErrors);
  return {
    date: new Date().toISOString(),
    machine: machine(),
    options,
    sale: saleFigures(sale.answers, seconds, transactions),
    page,
    verdict,
    serverErrors: serverErrorLines(store),
  };
}

const SERVER_ERROR_LINES = 12;

/** What the instances logged as errors, for the report: the first few, each once. */
function serverErrorLines(store: BenchStore): string[] {
  const lines = store.instances.flatMap((instance) => instance.output().split('\n'));
  const errors = lines
    .filter((line) => /error|fail|timeout|timed out/i.test(line))
    .map((line) => line.trim());
  return [...new Set(errors)].slice(0, SERVER_ERROR_LINES);
}

/** Fills each instance's cache and L1 with the page, so both runs measure the warm page. */
async function warmPage(urls: string[]): Promise<void> {
  for (const url of urls) {
    for (let request = 0; request < 5; request += 1) {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status} while warming`);
    }
  }
}

/** The page with no sale running, before it: the last stretch of the run is compared with the sale's. */
async function driveBaseline(
  urls: string[],
  options: BenchOptions,
): Promise<PageRecord & { endedAt: number }> {
  const bar = progressBar('page without sale', options.baselineSeconds, 's');
  const load = startPageLoad(urls, options.connections);
  for (let second = 0; second < options.baselineSeconds; second += 1) {
    await sleep(1000);
    bar.increment();
  }
  const endedAt = performance.now();
  bar.stop();
  return { ...(await load.stop()), endedAt };
}

/**
 * The page over the sale's window and over a window of the same length at the end of the baseline (its
 * start doubles as warm-up). A sale longer than the baseline is compared with the whole baseline.
 */
function comparePage(
  baseline: PageRecord & { endedAt: number },
  duringSale: PageRecord,
  saleStartedAt: number,
  saleEndedAt: number,
): Figures['page'] {
  const saleMs = saleEndedAt - saleStartedAt;
  const baselineFrom = Math.max(baseline.startedAt, baseline.endedAt - saleMs);
  const withoutSale = pageFigures(baseline, baselineFrom, baseline.endedAt);
  const during = pageFigures(duringSale, saleStartedAt, saleEndedAt);
  if (withoutSale.seconds < during.seconds) {
    console.warn(`note: the sale (${during.seconds} s) outlasted the baseline; raise --baseline-seconds`);
  }
  const ratio = round(during.requestsPerSecond / withoutSale.requestsPerSecond, 2);
  return { withoutSale, duringSale: during, ratio };
}

runMain(main);
