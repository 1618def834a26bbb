import pLimit from 'p-limit';
import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresWork } from '../../tooling/postgres-stats';
import type { BenchOptions } from './options';
import { pageFigures, startPageLoad, type PageRecord } from './page-load';
import { progressBar } from '../progress';
import { saleFigures, type Figures } from './report';
import { runSale } from './checkouts';
import { prepareShoppers } from './shoppers';
import type { BenchStore } from './store';
import { round } from '../stats';
import { verifySale } from './verify';

/*
 * The flash sale itself, on a store made by whoever calls it: `npm run bench:checkout` (a database of its
 * own) and the `flash-sale` part of `npm run bench` (the run's database and Redis). Shoppers and carts
 * first, then the product page without the sale, then the sale with the page still under load, then the
 * verdict read from PostgreSQL.
 */

export type SaleResult = Pick<Figures, 'sale' | 'page' | 'verdict' | 'serverErrors'>;

export async function runCheckoutBench(store: BenchStore, options: BenchOptions): Promise<SaleResult> {
  const limit = pLimit(options.concurrency);
  const cookies = await prepareShoppers(store, options.shoppers, limit);
  const pageUrls = store.instances.map((instance) => `${instance.baseURL}/products/${store.product.slug}`);
  await warmPage(pageUrls);
  const baseline = await driveBaseline(pageUrls, options);

  const work = new PostgresWork(store.databaseUrl);
  try {
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
      sale: saleFigures(sale.answers, seconds, transactions),
      page,
      verdict,
      serverErrors: serverErrorLines(store),
    };
  } finally {
    await work.close();
  }
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
