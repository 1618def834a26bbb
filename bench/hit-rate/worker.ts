import { setTimeout as sleep } from 'node:timers/promises';
import { updateProduct } from '../../lib/admin';
import { getProductDetail } from '../../lib/catalog';
import { DEMO_ADMIN, mulberry32 } from '../../tooling/seed/seed-generate';
import { getSql } from '../../lib/db/client';
import { closeClients } from '../../lib/lifecycle/close-clients';
import { readCacheCounters } from '../../lib/admin/stats/cache-counters';
import { getMetricsRegistry } from '../../lib/metrics/registry';
import { beginSession, type RequestContext } from '../../lib/session/current';
import { PostgresWork } from '../../tooling/postgres-stats';
import { shuffled, zipfSampler } from './zipf';

/*
 * One hit-rate scenario, in a process of its own (started by ../parts/hit-rate.ts): the storefront's own
 * modules configured from this process's environment (CACHE_TTL_*, REDIS_KEY_PREFIX, DATABASE_URL), as an
 * instance is. Views call getProductDetail, the read behind GET /api/products/{slug} and the product page;
 * edits call updateProduct, the admin's write (transaction, outbox, invalidation by tag). Run with
 * `--conditions=react-server`, so that the data layer's `server-only` marker resolves as it does in Next.
 *
 *   node --conditions=react-server --import tsx worker.ts '{"views":1000,"seconds":0,...}'
 * Reports its progress and then its counts to the parent over the IPC channel.
 */

export interface ScenarioPlan {
  views: number;
  /** Spread the views evenly over this many seconds; 0: as fast as `concurrency` callers go. */
  seconds: number;
  concurrency: number;
  /** An admin edit (a price change) every this many seconds while views run; 0: none. */
  editEverySeconds: number;
  seed: number;
}

export interface ScenarioCounts {
  views: number;
  /** Products viewed at least once: each costs a cold cache one miss whatever the TTL. */
  distinctProducts: number;
  failedViews: number;
  edits: number;
  seconds: number;
  hit: number;
  stale: number;
  miss: number;
  loads: number;
  lockWaits: number;
  postgresTransactions: number;
}

interface CatalogProduct {
  id: number;
  slug: string;
  priceCents: number;
}

/** An admin's request context: a cookie jar holding a real session of the seeded admin. */
async function adminContext(): Promise<RequestContext> {
  const values = new Map<string, string>();
  const ctx: RequestContext = {
    cookies: {
      get: (name) => (values.has(name) ? { name, value: values.get(name)! } : undefined),
      set: (name, value) => void values.set(name, value),
    },
    secure: false,
    ip: '127.0.0.1',
  };
  const [admin] = await getSql()<{ id: number }[]>`select id from users where email = ${DEMO_ADMIN.email}`;
  if (!admin) throw new Error('the seeded admin is missing');
  await beginSession(ctx, { userId: admin.id, role: 'admin' });
  return ctx;
}

async function run(plan: ScenarioPlan): Promise<ScenarioCounts> {
  const catalog = await getSql()<CatalogProduct[]>`
    select id, slug, price_cents as "priceCents" from products order by id`;
  const random = mulberry32(plan.seed);
  const byPopularity = shuffled(catalog, random);
  const drawRank = zipfSampler(byPopularity.length, 1.0, random);
  const draws = Array.from({ length: plan.views }, () => byPopularity[drawRank()]!);
  const admin = await adminContext();
  const postgres = new PostgresWork(process.env.DATABASE_URL!);
  const transactionsBefore = await postgres.transactions();

  const started = performance.now();
  const gapMs = (plan.seconds * 1000) / plan.views;
  let next = 0;
  let failedViews = 0;
  let viewing = true;
  const viewer = async () => {
    for (let index = next++; index < plan.views; index = next++) {
      const due = started + index * gapMs;
      if (due > performance.now()) await sleep(due - performance.now());
      // A failed view is counted, not fatal: the figures say how many there were.
      if (!(await getProductDetail(draws[index]!.slug).catch(() => null))) failedViews += 1;
      if (index % 500 === 499) process.send?.({ progress: index + 1 });
    }
  };
  // The admin edits products as popular as the views (a price up a cent, then down again).
  let edits = 0;
  const editor = async () => {
    while (plan.editEverySeconds > 0) {
      await sleep(plan.editEverySeconds * 1000);
      if (!viewing) return;
      const product = byPopularity[drawRank()]!;
      product.priceCents += edits % 2 === 0 ? 1 : -1;
      await updateProduct(admin, product.id, { priceCents: product.priceCents });
      edits += 1;
    }
  };
  const editing = editor();
  await Promise.all(Array.from({ length: plan.concurrency }, viewer));
  viewing = false;
  const seconds = (performance.now() - started) / 1000;
  await editing;
  // Background refreshes (stale-while-revalidate) started by the last views finish their queries.
  await sleep(500);

  const transactions = (await postgres.transactions()) - transactionsBefore;
  await postgres.close();
  const product = (await readCacheCounters(getMetricsRegistry())).find((ns) => ns.namespace === 'product');
  return {
    views: plan.views,
    distinctProducts: new Set(draws).size,
    failedViews,
    edits,
    seconds,
    hit: product?.hit ?? 0,
    stale: product?.stale ?? 0,
    miss: product?.miss ?? 0,
    loads: product?.loads ?? 0,
    lockWaits: product?.lockWaits ?? 0,
    postgresTransactions: transactions,
  };
}

/** Sends a message to the parent and resolves once it is written (before the channel closes). */
const report = (message: object) =>
  new Promise<void>((resolve, reject) =>
    process.send
      ? process.send(message, (error: Error | null) => (error ? reject(error) : resolve()))
      : resolve(),
  );

try {
  await report({ counts: await run(JSON.parse(process.argv[2] ?? '{}') as ScenarioPlan) });
} finally {
  await closeClients();
  process.disconnect?.();
}
