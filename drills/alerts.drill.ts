import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { insertSale } from '../tooling/sales';
import { dashboardQueries, metricNames, readDashboard } from '../tooling/grafana';
import { startDrillStack, type DrillStack } from '../tooling/stack';
import { figures, printDrill, timeUntil } from './support/checks';
import { failures, ShopperLoad, sleep } from './support/load';

/*
 * The alert drill: the scale-out topology with `--observe` (Prometheus, redis_exporter, postgres_exporter),
 * scraping and evaluating every second on a copy of deploy/prometheus/rules/ whose `for:` is cut to 1 s
 * (tooling/scale-out/prometheus-config.ts writeShortenedRules: the same expressions). Under a light load
 * of shoppers the cache Redis is stopped: RedisDown fires (Prometheus's /api/v1/alerts), then resolves
 * once Redis is back. Then every query of deploy/grafana/storefront.json runs against this Prometheus:
 * none may fail, and every metric one reads must be among the names Prometheus has scraped (a live sale
 * with a line makes the sale's and the line's series).
 */

let stack: DrillStack;
let prometheus: string;

interface Alert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${prometheus}${path}`, { signal: AbortSignal.timeout(10_000) });
  const body = (await response.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`${path}: ${body.error ?? response.status}`);
  return body.data;
}

const alerts = async () => (await api<{ alerts: Alert[] }>('/api/v1/alerts')).alerts;
const redisDown = async (role: string) =>
  (await alerts()).filter((alert) => alert.labels.alertname === 'RedisDown' && alert.labels.role === role);

/** A queued sale of the last product (the load never buys it), live from a few seconds from now. */
async function startQueuedSale(): Promise<number> {
  const product = stack.products.at(-1)!;
  const [row] = await stack.sql<{ price: number }[]>`
    select price_cents as price from products where id = ${product.id}`;
  const saleId = await insertSale(stack.sql, {
    name: 'Alert drill drop',
    startsAt: new Date(Date.now() + 3000),
    endsAt: new Date(Date.now() + 60 * 60 * 1000),
    items: [
      {
        productId: product.id,
        salePriceCents: Math.max(1, Math.floor(row!.price / 2)),
        units: 50,
        perCustomerLimit: 2,
      },
    ],
  });
  await stack.sql`
    update sales set queue_active_shoppers = 5, queue_admission_minutes = 10,
                     queue_seed = ${randomBytes(32).toString('hex')}
    where id = ${saleId}`;
  // Every instance reloads it now rather than at its next periodic reload.
  const redis = new Redis(stack.topology.sessionRedis.url, { lazyConnect: true });
  await redis.connect();
  await redis.publish(`${stack.prefix}sales:changes`, JSON.stringify({ saleId }));
  redis.disconnect();
  return saleId;
}

beforeAll(async () => {
  stack = await startDrillStack({ instances: 2, observe: true });
  prometheus = stack.topology.prometheus!.url;
});

afterEach((context) => {
  if (context.task.result?.state === 'fail' && stack) console.log(stack.logTails());
});

afterAll(async () => {
  await stack?.close();
});

describe.sequential('alerts', () => {
  it('fires RedisDown when the cache Redis stops under load, and resolves it once Redis is back', async () => {
    const saleId = await startQueuedSale();
    const load = new ShopperLoad({
      url: stack.url,
      shoppers: await stack.newShoppers(6),
      products: stack.products.slice(0, 30),
    });
    // Every target scraped, with METRICS_TOKEN for the instances: 2 instances, 2 Redis, PostgreSQL, itself.
    const targetsUpMs = await timeUntil('every target up', 30_000, async () => {
      const { activeTargets } = await api<{ activeTargets: Array<{ health: string }> }>('/api/v1/targets');
      return activeTargets.length === 6 && activeTargets.every((target) => target.health === 'up');
    });
    expect(await redisDown('cache')).toEqual([]);

    const cacheRedis = stack.topology.cacheRedis!;
    const stoppedAt = Date.now();
    await cacheRedis.stop();
    const firingMs = await timeUntil('RedisDown firing', 30_000, async () =>
      (await redisDown('cache')).some((alert) => alert.state === 'firing'),
    );
    const [firing] = await redisDown('cache');
    expect(firing?.labels).toMatchObject({ severity: 'page', instance: cacheRedis.url, role: 'cache' });
    // The sessions Redis went on answering: its alert never fired.
    expect(await redisDown('sessions')).toEqual([]);

    const restartedAt = Date.now();
    await cacheRedis.start();
    const resolvedMs = await timeUntil(
      'RedisDown resolved',
      30_000,
      async () => (await redisDown('cache')).length === 0,
    );
    await sleep(2000);
    const report = await load.stop();

    printDrill('alerts: cache Redis stopped, RedisDown', {
      ...figures(report.records),
      targetsUpMs,
      firingAfterStopMs: firingMs,
      outageMs: restartedAt - stoppedAt,
      resolvedAfterRestartMs: resolvedMs,
      saleId,
    });
    // With the cache away pages render from PostgreSQL: the shoppers saw nothing of it.
    expect(failures(report.records, ['page'])).toEqual([]);
  });

  it('runs every query of the Grafana dashboard, each naming only metrics Prometheus scraped', async () => {
    // The sale went live during the drill above: its units left and its line are on every instance.
    const names = async () => new Set(await api<string[]>('/api/v1/label/__name__/values'));
    await timeUntil('the sale and its line scraped', 20_000, async () => {
      const known = await names();
      return ['storefront_sale_units_left', 'storefront_queue_waiting', 'slo:sli_error:ratio_rate5m'].every(
        (name) => known.has(name),
      );
    });
    const known = await names();
    const queries = dashboardQueries(readDashboard(), '1m');
    const problems: string[] = [];
    for (const { panel, expr } of queries) {
      const missing = metricNames(expr).filter((name) => !known.has(name));
      if (missing.length > 0) problems.push(`${panel}: ${expr}: no metric ${missing.join(', ')}`);
      await api(`/api/v1/query?query=${encodeURIComponent(expr)}`).catch((error: Error) =>
        problems.push(`${panel}: ${expr}: ${error.message}`),
      );
    }
    printDrill('alerts: dashboard queries', { queries: queries.length, metrics: known.size });
    expect(queries.length).toBeGreaterThan(30);
    expect(problems).toEqual([]);
  });
});
