import { availableParallelism } from 'node:os';
import { hashPassword } from '../../lib/auth/password';
import {
  percentileMs,
  signInCapacity,
  visitorArrivals,
  type RushRecord,
} from '../../tooling/rush/mixed-load';
import { hashCost } from '../../tooling/rush/hash-cost';
import { startDrillStack } from '../../tooling/stack';
import { byMode, type BenchPart, type Table } from '../part';
import { round } from '../stats';

/*
 * A sale's sign-in rush beside the shoppers who browse (issue #26): the whole stack (two instances behind
 * nginx's HTTPS, both Redis, PostgreSQL: tooling/stack.ts), visitors arriving at a steady rate as the issue's
 * Artillery scenario made them; `--sign-in-share` of them sign in, add a product and check out, the rest
 * browse six routes. Measured twice, nobody signing in and then the share, so each route's p50/p99,
 * errors, sign-ins sent back (503 with Retry-After, retried once by the visitor) and timeouts (no answer in
 * 10 s) stand side by side.
 */

const PASSWORD = 'bench rush password';
const CATALOG = new Set(['home', 'viewer', 'listing', 'product page', 'product json', 'search']);

const SIZES = {
  full: { perSecond: 25, durationMs: 60_000 },
  quick: { perSecond: 20, durationMs: 20_000 },
  smoke: { perSecond: 5, durationMs: 3_000 },
};

function routeTable(title: string, records: readonly RushRecord[]): Table {
  const routes = [...new Set(records.map((record) => record.route))];
  return {
    title,
    columns: ['route', 'requests', 'p50 ms', 'p99 ms', 'errors (5xx)', 'sent back (503)', 'timeouts'],
    rows: routes.map((route) => {
      const mine = records.filter((record) => record.route === route);
      const answered = mine.filter((record) => record.status !== 0);
      const sentBack = mine.filter((record) => record.status === 503 && record.retryAfter !== null);
      return [
        route,
        mine.length,
        round(percentileMs(answered, 50)),
        round(percentileMs(answered, 99)),
        answered.filter((record) => record.status >= 500).length - sentBack.length,
        sentBack.length,
        mine.length - answered.length,
      ];
    }),
    note: 'Sent back: a 503 with Retry-After (the machine was hashing all it may); timeouts: no answer in 10 s.',
  };
}

export const signInsPart: BenchPart = {
  id: 'sign-ins',
  title: 'A rush of sign-ins beside browsing, through nginx (two instances)',
  async run(context) {
    const { perSecond, durationMs } = byMode(context.mode, SIZES);
    const share = context.signInShare;
    const stack = await startDrillStack({ instances: 2 });
    context.defer('stop the sign-in stack', () => stack.close());
    const stored = await hashPassword(PASSWORD);
    const wanted = Math.ceil(((perSecond * durationMs) / 1000) * share) + 310;
    const accounts = (
      await stack.sql<{ email: string }[]>`
        insert into users (email, name, password_hash)
        select 'bench-rush-' || n || '@example.test', 'Rush ' || n, ${stored}
        from generate_series(1, ${wanted}) as n
        returning email`
    ).map(({ email }) => ({ email, password: PASSWORD }));
    const hash = await hashCost(byMode(context.mode, { full: 41, quick: 21, smoke: 5 }));
    const cores = availableParallelism();
    const capacity = await signInCapacity(stack, accounts.splice(0, 300), {
      concurrency: 8,
      durationMs: byMode(context.mode, { full: 10_000, quick: 5_000, smoke: 1_000 }),
      addressOf: (group) => `127.6.8.${(group % 250) + 1}`,
    });
    const common = {
      perSecond,
      durationMs,
      slugs: stack.products.map((product) => product.slug),
      accounts,
      productId: stack.products[0]!.id,
    };
    // Warm every page once, so both runs meet the same caches.
    await visitorArrivals(stack, {
      ...common,
      durationMs: 2_000,
      signInShare: 0,
      addressOf: (v) => `127.6.9.${(v % 250) + 1}`,
    });
    const quiet = await visitorArrivals(stack, {
      ...common,
      signInShare: 0,
      addressOf: (v) => `127.6.${Math.floor(v / 250)}.${(v % 250) + 1}`,
    });
    const rush = await visitorArrivals(stack, {
      ...common,
      signInShare: share,
      addressOf: (v) => `127.7.${Math.floor(v / 250)}.${(v % 250) + 1}`,
    });
    const catalog = (records: readonly RushRecord[]) =>
      records.filter((record) => CATALOG.has(record.route) && record.status !== 0);
    const quietP99 = percentileMs(catalog(quiet), 99);
    const rushP99 = percentileMs(catalog(rush), 99);
    const label = `${perSecond} visitors/s for ${durationMs / 1000} s`;
    return {
      tables: [
        {
          title: 'One sign-in',
          columns: ['what', 'figure'],
          rows: [
            ['Argon2id hash (m = 19 MiB, t = 2, p = 1): CPU ms, alone', round(hash.cpuMs)],
            ['the same hash: wall ms, alone', round(hash.wallMs)],
            ['memory per hash at once (MiB)', 19],
            ['sign-ins a second through nginx, 8 at once (the whole sign-in)', round(capacity)],
            [`the same per core (${cores} cores, everything on them)`, round(capacity / cores)],
          ],
          note: 'A whole sign-in is the rate limits, the account row, the hash, the new session and the device cookie.',
        },
        routeTable(`Nobody signing in: ${label}`, quiet),
        routeTable(`${Math.round(share * 100)} % signing in and buying: ${label}`, rush),
      ],
      figures: {
        hash_cpu_ms: round(hash.cpuMs),
        sign_ins_per_second: round(capacity),
        sign_ins_per_second_per_core: round(capacity / cores),
        sign_in_share: share,
        catalog_p99_quiet_ms: round(quietP99),
        catalog_p99_rush_ms: round(rushP99),
        catalog_p99_ratio: round(rushP99 / Math.max(1, quietP99), 2),
        rush_timeouts: rush.filter((record) => record.status === 0).length,
        rush_sign_ins_sent_back: rush.filter((record) => record.route === 'sign-in' && record.status === 503)
          .length,
      },
    };
  },
};
