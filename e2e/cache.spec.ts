import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import { startRedisServer, type RedisServerProcess } from '../tooling/redis-server';
import { databaseUrlNamed, dropDatabase, prepareDatabase, randomId } from '../tooling/run-env';
import { startInstance, type Instance } from './support/instances';
import { readCounter } from './support/metrics';
import { PostgresWork } from '../tooling/postgres-stats';
import { RedisCommands, SAMPLER_WRITES } from '../tooling/redis-commands';

/*
 * The cache seen from outside: two `next start` processes on a database and a redis-server of this file's
 * own, so PostgreSQL's statistics and Redis's command counts hold nothing but what these requests caused.
 */

test.describe.configure({ mode: 'serial', timeout: 120_000 });

const databaseUrl = databaseUrlNamed(`storefront_e2e_cache_${randomId()}`);
let redis: RedisServerProcess;
let a: Instance;
let b: Instance;
let work: PostgresWork;
let commands: RedisCommands;
let slugs: { slug: string; name: string }[];

test.beforeAll(async () => {
  await prepareDatabase(databaseUrl, 40);
  const sql = postgres(databaseUrl, { max: 1 });
  slugs = await sql<{ slug: string; name: string }[]>`select slug, name from products order by id`;
  await sql.end();
  redis = await startRedisServer();
  const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url };
  [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
  work = new PostgresWork(databaseUrl);
  commands = new RedisCommands(redis.url);
});

test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await Promise.all([work?.close(), commands?.close()]);
  await redis?.stop();
  await dropDatabase(databaseUrl);
});

const productUrl = (instance: Instance, index: number) =>
  `${instance.baseURL}/products/${slugs[index]!.slug}`;

async function getPage(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return response.text();
}

async function cacheSummary(instance: Instance): Promise<string> {
  const text = await (await fetch(`${instance.baseURL}/api/metrics`)).text();
  const lines = text.split('\n').filter((line) => /^storefront_cache_\w+(_total|_open)\b/.test(line));
  return `${instance.baseURL}: ${lines.join('; ')}`;
}

const productLoads = async () =>
  (await readCounter(a.baseURL, 'storefront_cache_loads_total', { namespace: 'product' })) +
  (await readCounter(b.baseURL, 'storefront_cache_loads_total', { namespace: 'product' }));

test('a cold product page hit by 500 requests across two processes runs its queries once', async () => {
  // Warm what every page shares (the header's categories), so only the product itself is cold below.
  await Promise.all([getPage(productUrl(a, 0)), getPage(productUrl(b, 0))]);

  const oneLoad = await work.during(() => getPage(productUrl(a, 1)));
  expect(oneLoad).toBeGreaterThan(0);

  const loadsBefore = await productLoads();
  const rush = await work.during(() =>
    Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        getPage(productUrl(i % 2 ? b : a, 2)).then((html) => expect(html).toContain(slugs[2]!.name)),
      ),
    ),
  );
  // On failure, say which instance loaded again and whether Redis errors or lock waits explain it.
  const why = `cache metrics after the rush:\n${await cacheSummary(a)}\n${await cacheSummary(b)}`;
  expect(rush, why).toBe(oneLoad);
  expect((await productLoads()) - loadsBefore, why).toBe(1);
});

test('a warm product page does no PostgreSQL work and at most three Redis reads: its data, its page and its stock (none from L1)', async () => {
  await getPage(productUrl(a, 3)); // cold: loads and fills both tiers

  let fromL1 = -1;
  let fromRedis = -1;
  let seen = '';
  const scans = await work.during(async () => {
    await commands.reset();
    await getPage(productUrl(a, 3));
    fromL1 = await commands.total(SAMPLER_WRITES);
    await new Promise((resolve) => setTimeout(resolve, 5500)); // past the in-process tier's 5 s cap
    await commands.reset();
    await getPage(productUrl(a, 3));
    fromRedis = await commands.total(SAMPLER_WRITES);
    seen = JSON.stringify(await commands.counts());
  });
  expect(scans).toBe(0);
  expect(fromL1).toBe(0);
  // Once the data's L1 has let go (the page's lasts 60 s, so the page is still held whole and proxy.ts
  // reads no data for it): at most, once the page's has too, the product's data read before the page
  // (proxy.ts decides a 404 or 503 first), the page cache's entry, and the live stock line (one gate read,
  // at most once a second).
  expect(fromRedis, seen).toBeLessThanOrEqual(3);
});

test('a product page served twice shows the same content, the second time from the cache', async ({
  page,
}) => {
  // The second view is either sent whole from the page cache (a `page` hit) or, when this process does
  // not hold the page whole yet, checked by the page gate from the product's cached data (a `product`
  // hit): which one depends on how soon the first render's page was stored. Either way, nothing loads.
  const hitsOf = (namespace: string) =>
    readCounter(a.baseURL, 'storefront_cache_requests_total', { namespace, result: 'hit' });
  const hits = async () => (await hitsOf('product')) + (await hitsOf('page'));
  const url = productUrl(a, 4);
  await page.goto(url);
  const first = {
    name: await page.locator('h1').innerText(),
    price: await page.getByTestId('price').innerText(),
  };
  const [hitsBefore, loadsBefore] = [await hits(), await productLoads()];
  await page.goto(url);
  await expect(page.locator('h1')).toHaveText(first.name);
  await expect(page.getByTestId('price')).toHaveText(first.price);
  expect(await hits()).toBeGreaterThan(hitsBefore);
  expect(await productLoads()).toBe(loadsBefore);
});

test('with Redis stopped every product page answers from PostgreSQL (goal: under a second each); caching resumes', async () => {
  await redis.stop();
  const times: number[] = [];
  for (let index = 5; index < 25; index += 1) {
    const started = Date.now();
    const html = await getPage(productUrl(index % 2 ? b : a, index));
    times.push(Date.now() - started);
    expect(html).toContain(slugs[index]!.name);
  }
  // The goal is under 1 s each (printed here, quoted in the README: 60–100 ms on a quiet machine); the
  // bound only catches a page waiting out Redis deadlines or hanging: this machine's two cores are shared.
  console.log(`product pages with Redis stopped (ms): ${times.join(', ')}`);
  for (const ms of times) expect(ms).toBeLessThan(3000);

  redis = await startRedisServer({ port: redis.port });
  // Caching is back once a view is answered from the cache again: the product's data, or its page whole
  // (which, once stored, is sent without reading the data at all).
  const hitsOf = (namespace: string) =>
    readCounter(a.baseURL, 'storefront_cache_requests_total', { namespace, result: 'hit' });
  const hits = async () => (await hitsOf('product')) + (await hitsOf('page'));
  const hitsBefore = await hits();
  await expect
    .poll(
      async () => {
        await getPage(productUrl(a, 30));
        return (await hits()) - hitsBefore;
      },
      { timeout: 30_000, intervals: [500] },
    )
    .toBeGreaterThan(0);
});
