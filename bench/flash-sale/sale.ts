import postgres from 'postgres';
import { randomSecret } from '../../tooling/run-env';
import { parseOptions, type BenchOptions } from './options';
import type { SaleResult } from './run';
import { putOnSale, type BenchStore } from './store';
import { byMode, type BenchContext, type Table } from '../part';

/*
 * `npm run bench:checkout`'s flash sale on the bench run's own database and Redis: two instances of the run's
 * build with a key prefix and session secret of the sale's own (so its pages start cold, as in the
 * benchmark), the catalog's first product on sale. The sale itself is ./run.ts, unchanged.
 */

/** bench:checkout's own sizes for a full and a quick run; a smoke run only proves the sale runs. */
export function saleOptions(context: BenchContext): BenchOptions {
  return parseOptions(
    byMode(context.mode, {
      full: [],
      quick: ['--quick'],
      smoke: ['--shoppers', '20', '--units', '5', '--baseline-seconds', '3', '--connections', '8'],
    }),
  );
}

export async function openSaleStore(context: BenchContext, units: number): Promise<BenchStore> {
  const prefix = context.keyPrefix('flash-sale');
  const secret = randomSecret();
  const sql = postgres(context.databaseUrl, { max: 2, onnotice: () => {} });
  context.defer('close the flash sale pool', () => sql.end({ timeout: 5 }));
  const product = await putOnSale(sql, units);
  const env = { REDIS_KEY_PREFIX: prefix, SESSION_SECRET: secret };
  // As bench:checkout: two at once, each stopped by the run's cleanup even if the other fails to start.
  const instances = await Promise.all([context.startInstance(env), context.startInstance(env)]);
  return {
    databaseUrl: context.databaseUrl,
    prefix,
    secret,
    redisUrl: context.redisUrl,
    sql,
    instances,
    product,
  };
}

const ms = (p50: number, p99: number) => `${p50} / ${p99}`;

export function saleTable(options: BenchOptions, result: SaleResult): Table {
  const { sale, page, verdict } = result;
  const { created201, conflict409, other } = sale.statuses;
  const others = Object.entries(sale.otherStatuses).map(([status, count]) => `${status} ×${count}`);
  const serverErrors = verdict.checkoutServerErrors + verdict.pageServerErrors;
  const checks =
    `orders ${verdict.orders} == units ${options.units}, stock left ${verdict.stockLeft}, ` +
    `${serverErrors} 5xx or unanswered`;
  return {
    title:
      `Flash sale: ${options.shoppers.toLocaleString('en')} signed-in shoppers, ${options.units} units, ` +
      `${options.concurrency} checkouts in flight, 2 instances`,
    columns: ['measure', 'value'],
    rows: [
      ['checkouts/s (every attempt answered)', `${sale.checkoutsPerSecond} (${sale.seconds} s)`],
      [
        'answers 201 / 409 / other',
        `${created201} / ${conflict409} / ${other}${others.length ? ` (${others.join(', ')})` : ''}`,
      ],
      ['winners (201) p50 / p99 ms', ms(sale.winners.p50Ms, sale.winners.p99Ms)],
      ['losers (409) p50 / p99 ms', ms(sale.losers.p50Ms, sale.losers.p99Ms)],
      ['PostgreSQL transactions per checkout attempt', sale.postgresTransactionsPerCheckout],
      [
        `product page req/s without the sale (${options.connections} connections)`,
        page.withoutSale.requestsPerSecond,
      ],
      [
        'product page req/s during the sale (same window length)',
        `${page.duringSale.requestsPerSecond} (×${page.ratio})`,
      ],
      [
        'product page p50 / p99 ms without / during',
        `${ms(page.withoutSale.p50Ms, page.withoutSale.p99Ms)} / ${ms(page.duringSale.p50Ms, page.duringSale.p99Ms)}`,
      ],
      ['the sale came out right', `${verdict.passed ? 'yes' : 'NO'}: ${checks}`],
    ],
    note:
      "`npm run bench:checkout`'s sale on the run's database: the Redis stock gate refuses losers (409) " +
      "before PostgreSQL, so its transactions per attempt stay near units / shoppers (plus the instances' " +
      'background work, which dominates a tiny sale). The page is compared ' +
      'over windows as long as the sale: a sale of a second or two gives noisy page figures.',
  };
}

export function saleFiguresByName(result: SaleResult): Record<string, number> {
  const { sale, page, verdict } = result;
  return {
    flash_sale_checkouts_per_second: sale.checkoutsPerSecond,
    flash_sale_201: sale.statuses.created201,
    flash_sale_409: sale.statuses.conflict409,
    flash_sale_other: sale.statuses.other,
    flash_sale_winners_p50_ms: sale.winners.p50Ms,
    flash_sale_winners_p99_ms: sale.winners.p99Ms,
    flash_sale_losers_p50_ms: sale.losers.p50Ms,
    flash_sale_losers_p99_ms: sale.losers.p99Ms,
    flash_sale_pg_transactions_per_checkout: sale.postgresTransactionsPerCheckout,
    flash_sale_page_rps_without_sale: page.withoutSale.requestsPerSecond,
    flash_sale_page_rps_during_sale: page.duringSale.requestsPerSecond,
    flash_sale_page_ratio: page.ratio,
    flash_sale_correct: verdict.passed ? 1 : 0,
  };
}
