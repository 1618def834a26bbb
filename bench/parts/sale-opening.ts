import { runOpening, type OpeningResult, type OpeningSizes } from '../sale-opening/run';
import { openOpeningStore } from '../sale-opening/setup';
import { byMode, type BenchPart, type Table } from '../part';
import { round } from '../stats';

/*
 * Issue 20: a drop's opening second. 2,000 signed-in shoppers and 1,000 watchers of the sale's event stream
 * for 200 units, limit 1, over two instances: whether it came out right (orders == units, by distinct
 * buyers), what the winners and the losers waited, how soon every watcher heard "sold out", whether any
 * catalog read reached PostgreSQL in the burst, and what a sold-out refusal costs. The goals are printed
 * beside the figures, never asserted.
 */

const SIZES: Record<'full' | 'quick' | 'smoke', OpeningSizes> = {
  full: { shoppers: 2000, watchers: 1000, units: 200, concurrency: 200, jsonSeconds: 5 },
  quick: { shoppers: 400, watchers: 200, units: 40, concurrency: 100, jsonSeconds: 3 },
  smoke: { shoppers: 20, watchers: 10, units: 5, concurrency: 8, jsonSeconds: 1 },
};

/** Goals (issue 20): refusals at ≥ 0.8× the product JSON's rate; every watcher within 250 ms at p99. */
const REFUSAL_GOAL_RATIO = 0.8;
const WATCHER_P99_GOAL_MS = 250;

const pair = (p50: number, p99: number) => `${p50} / ${p99}`;

function openingTable(sizes: OpeningSizes, result: OpeningResult): Table {
  const refusalRatio =
    result.productJsonPerSecond > 0 ? result.soldOutPerSecond / result.productJsonPerSecond : 0;
  const statuses = Object.entries(result.statuses)
    .map(([status, count]) => `${status} ×${count}`)
    .join(', ');
  const verdict = (ok: boolean) => (ok ? 'met' : 'missed');
  return {
    title: `Sale opening: ${sizes.shoppers} shoppers and ${sizes.watchers} watchers, ${sizes.units} units, limit 1, two instances`,
    columns: ['measure', 'figure', 'goal'],
    rows: [
      [
        'orders / distinct buyers / units',
        `${result.orders} / ${result.distinctBuyers} / ${sizes.units}`,
        'all equal',
      ],
      ['checkout answers', statuses, 'no 5xx'],
      ['checkout p50 / p99, winners (ms)', pair(result.winners.p50Ms, result.winners.p99Ms), ''],
      ['checkout p50 / p99, losers (ms)', pair(result.losers.p50Ms, result.losers.p99Ms), ''],
      [
        'last order → watcher sold out, p50 / p99 (ms)',
        pair(result.watcherLag.p50Ms, result.watcherLag.p99Ms) +
          (result.watchersWithoutSoldOut > 0 ? ` (${result.watchersWithoutSoldOut} never heard)` : ''),
        `p99 ≤ ${WATCHER_P99_GOAL_MS}: ${verdict(result.watcherLag.p99Ms <= WATCHER_P99_GOAL_MS && result.watchersWithoutSoldOut === 0)}`,
      ],
      [
        `catalog reads reaching PostgreSQL in the burst (${result.burstSeconds} s)`,
        result.catalogReadsInBurst,
        '0',
      ],
      ['sold-out refusals per second', result.soldOutPerSecond, ''],
      ['product JSON per second (same clients)', result.productJsonPerSecond, ''],
      [
        'refusals / product JSON',
        `×${round(refusalRatio, 2)}`,
        `≥ ×${REFUSAL_GOAL_RATIO}: ${verdict(refusalRatio >= REFUSAL_GOAL_RATIO)}`,
      ],
      [
        `PostgreSQL transactions per sold-out attempt (${result.soldOutAttempts} attempts)`,
        result.transactionsPerSoldOut,
        '≈ 0',
      ],
    ],
    note:
      'At the start every shopper loads the product JSON, adds the product and checks out, ' +
      `${sizes.concurrency} at a time over both instances; watchers hold the event stream open from before the ` +
      'start. The watchers’ lag runs from the last order’s transaction (its created_at) to each one’s sold-out event. ' +
      'Catalog reads are scans of the categories and reviews tables (what a product page’s data reads; the sale ' +
      'registry reads neither). Then the losers check out again (refusals per second, PostgreSQL transactions) and ' +
      'the same clients load the product JSON as fast as they can.',
  };
}

export const saleOpeningPart: BenchPart = {
  id: 'sale-opening',
  title: 'Sale opening: a drop’s first second, its watchers and its sold-out refusals',
  async run(context) {
    const sizes = byMode(context.mode, SIZES);
    const store = await openOpeningStore(context, sizes.shoppers);
    const result = await runOpening(store, sizes);
    await Promise.all(store.instances.map((instance) => instance.stop()));
    const figures: Record<string, number> = {
      sale_opening_orders: result.orders,
      sale_opening_distinct_buyers: result.distinctBuyers,
      sale_opening_units: sizes.units,
      sale_opening_winner_p50_ms: result.winners.p50Ms,
      sale_opening_winner_p99_ms: result.winners.p99Ms,
      sale_opening_loser_p50_ms: result.losers.p50Ms,
      sale_opening_loser_p99_ms: result.losers.p99Ms,
      sale_opening_watcher_p50_ms: result.watcherLag.p50Ms,
      sale_opening_watcher_p99_ms: result.watcherLag.p99Ms,
      sale_opening_watchers_without_sold_out: result.watchersWithoutSoldOut,
      sale_opening_catalog_reads: result.catalogReadsInBurst,
      sale_opening_sold_out_rps: result.soldOutPerSecond,
      sale_opening_product_json_rps: result.productJsonPerSecond,
      sale_opening_transactions_per_sold_out: result.transactionsPerSoldOut,
    };
    return { tables: [openingTable(sizes, result)], figures };
  },
};
