import {
  expect,
  request as playwrightRequest,
  test,
  type APIRequestContext,
  type Browser,
} from '@playwright/test';
import Redis from 'ioredis';
import postgres from 'postgres';
import { DEMO_ADMIN } from '../tooling/seed/seed-generate';
import { startRedisServer, type RedisServerProcess } from '../tooling/redis-server';
import { databaseUrlNamed, dropDatabase, prepareDatabase, randomId } from '../tooling/run-env';
import { startInstance, type Instance } from './support/instances';
import { readCounter } from './support/metrics';
import { placeOrderViaApi } from './support/orders';
import { PostgresWork } from '../tooling/postgres-stats';
import { PASSWORD, uniqueEmail } from './support/shopper';

/*
 * The page cache seen from outside (lib/pages/cache-handlers): two `next start` processes on a database
 * and a redis-server of this file's own, so the page entries in Redis, the render counters and
 * PostgreSQL's statistics hold nothing but what these requests caused.
 */

test.describe.configure({ mode: 'serial', timeout: 120_000 });

const databaseUrl = databaseUrlNamed(`storefront_e2e_pages_${randomId()}`);
let redis: RedisServerProcess;
let instances: Instance[];
let products: { id: number; slug: string; name: string; category: string }[];

test.beforeAll(async () => {
  await prepareDatabase(databaseUrl, 40);
  const sql = postgres(databaseUrl, { max: 1 });
  products = await sql`
    select p.id, p.slug, p.name, c.slug as category
    from products p join categories c on c.id = p.category_id order by p.id`;
  await sql.end();
  redis = await startRedisServer();
  const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url };
  instances = await Promise.all([startInstance(env), startInstance(env)]);
});

test.afterAll(async () => {
  await Promise.all((instances ?? []).map((instance) => instance.stop()));
  await redis?.stop();
  await dropDatabase(databaseUrl);
});

const productRenders = () =>
  Promise.all(
    instances.map((instance) =>
      readCounter(instance.baseURL, 'storefront_page_renders_total', { page: 'product' }),
    ),
  ).then((counts) => counts.reduce((sum, count) => sum + count, 0));

async function html(url: string, context?: APIRequestContext): Promise<string> {
  const response = context ? await context.get(url) : await fetch(url);
  const status =
    'status' in response && typeof response.status === 'function' ? response.status() : response.status;
  expect(status, url).toBe(200);
  return response.text();
}

/** Every page-cache entry in Redis (pages and 'use cache' parts), decoded: text, with base64 fields unpacked. */
async function pageCacheContents(): Promise<{ keys: string[]; text: string; values: string[] }> {
  const client = new Redis(redis.url);
  try {
    // Under the instances' key prefix; values only (not generations or locks).
    const keys = [...(await client.keys('*cache:page:*')), ...(await client.keys('*cache:use-cache:*'))]
      .filter((key) => !key.endsWith(':gen') && !key.includes('lock:'))
      .sort();
    const texts: string[] = [];
    const values: string[] = [];
    const unpack = (value: unknown): void => {
      if (typeof value === 'string') {
        texts.push(value, Buffer.from(value, 'base64').toString('utf8'));
      } else if (value && typeof value === 'object') {
        for (const child of Object.values(value)) unpack(child);
      }
    };
    for (const key of keys) {
      const raw = await client.get(key);
      if (raw) {
        values.push(raw);
        unpack(JSON.parse(raw));
      }
    }
    return { keys, text: texts.join('\n'), values };
  } finally {
    client.disconnect();
  }
}

async function shopper(baseURL: string, name: string, cart: { productId: number; quantity: number }) {
  const context = await playwrightRequest.newContext({ baseURL });
  const email = uniqueEmail('pages');
  expect(
    (await context.post('/api/auth/register', { data: { email, password: PASSWORD, name } })).status(),
  ).toBe(201);
  expect((await context.post('/api/cart/items', { data: cart })).status()).toBe(200);
  return { context, email };
}

/** Loads `url` until a load renders nothing: the page is stored (a render right after an invalidation is not). */
async function untilCached(url: string): Promise<void> {
  await expect
    .poll(
      async () => {
        await html(url);
        const renders = await productRenders();
        await html(url);
        return (await productRenders()) === renders;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
}

test('a cold product page asked 500 times at once over two instances is rendered once, its data loaded once', async () => {
  const [product, warmUp, single] = [products[0]!, products[10]!, products[11]!];
  const work = new PostgresWork(databaseUrl);
  try {
    // Everything but the products themselves warm on both instances (categories, lists, stock).
    for (const instance of instances) await html(`${instance.baseURL}/products/${warmUp.slug}`);
    // What one cold product page costs PostgreSQL when asked once.
    let scans = await work.scans();
    await html(`${instances[0]!.baseURL}/products/${single.slug}`);
    const oneLoad = (await work.scans()) - scans;
    expect(oneLoad).toBeGreaterThan(0);

    const rendersBefore = await productRenders();
    scans = await work.scans();
    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, index) =>
        fetch(`${instances[index % 2]!.baseURL}/products/${product.slug}`).then(
          (response) => response.status,
        ),
      ),
    );
    expect(answers.filter((status) => status !== 200)).toEqual([]);
    expect(await productRenders()).toBe(rendersBefore + 1);
    expect((await work.scans()) - scans).toBeLessThanOrEqual(oneLoad);
  } finally {
    await work.close();
  }
});

test('catalog pages are sent whole from the page cache on every instance; a search is rendered per request', async () => {
  const product = products[6]!;
  const whole = [
    '/',
    `/products?category=${product.category}`,
    '/products?page=2&sort=price-asc',
    `/products/${product.slug}`,
  ];
  for (const instance of instances) {
    for (const path of whole) {
      const url = `${instance.baseURL}${path}`;
      // The first load may render (or wait for the other instance's render); from then on, no rendering.
      await expect
        .poll(async () => (await fetch(url)).headers.get('x-nextjs-cache'), { timeout: 20_000 })
        .toBe('HIT');
      const again = await fetch(url);
      expect(again.status, url).toBe(200);
      expect(again.headers.get('x-nextjs-cache'), url).toBe('HIT');
    }
    const search = await fetch(
      `${instance.baseURL}/products?q=${encodeURIComponent(product.name.split(' ')[0]!)}`,
    );
    expect(search.status).toBe(200);
    expect(search.headers.get('x-nextjs-cache')).toBeNull();
    expect(search.headers.get('cache-control')).toContain('no-store');
  }
});

/** What a browser with `who`'s cookies shows in the header of `url` once the personal corner is filled in. */
async function headerAs(browser: Browser, url: string, who?: APIRequestContext) {
  const context = await browser.newContext({ storageState: who ? await who.storageState() : undefined });
  try {
    const page = await context.newPage();
    await page.goto(url);
    const banner = page.getByRole('banner');
    const count = await banner.getByTestId('cart-count').textContent();
    const signedInAs = (await banner.getByTestId('account-link').count())
      ? await banner.getByTestId('account-link').textContent()
      : null;
    return { count, signedInAs, loginLink: await banner.getByRole('link', { name: 'Log in' }).count() };
  } finally {
    await context.close();
  }
}

test('each shopper sees their own name and cart; the cached page and entries hold no one’s', async ({
  browser,
}) => {
  const product = products[1]!;
  const [a, b] = instances as [Instance, Instance];
  const ada = await shopper(a.baseURL, `Ada Pagecache ${randomId(3)}`, {
    productId: products[2]!.id,
    quantity: 3,
  });
  const bob = await shopper(b.baseURL, `Bob Pagecache ${randomId(3)}`, {
    productId: products[3]!.id,
    quantity: 1,
  });
  const adaName = (await (await ada.context.get('/api/auth/me')).json()).user.name as string;
  const bobName = (await (await bob.context.get('/api/auth/me')).json()).user.name as string;
  const path = `/products/${product.slug}`;

  for (const instance of instances) {
    const url = `${instance.baseURL}${path}`;
    expect(await headerAs(browser, url)).toEqual({ count: '0', signedInAs: null, loginLink: 1 });
    expect(await headerAs(browser, url, ada.context)).toEqual({
      count: '3',
      signedInAs: adaName,
      loginLink: 0,
    });
    expect(await headerAs(browser, url, bob.context)).toEqual({
      count: '1',
      signedInAs: bobName,
      loginLink: 0,
    });
    // The page as sent is the same for all three: the corner is the browser's to fill in.
    const [asGuest, asAda, asBob] = [
      await html(url),
      await html(url, ada.context),
      await html(url, bob.context),
    ];
    for (const sent of [asAda, asBob]) expect(sent).toBe(asGuest);
  }

  const { keys, text } = await pageCacheContents();
  expect(keys.some((key) => key.includes('cache:page:'))).toBe(true);
  for (const secret of [adaName, bobName, ada.email, bob.email, 'data-testid="cart-count"', '"cart-count"']) {
    expect(text, `a shared entry holds ${secret}`).not.toContain(secret);
  }
  const cookies = [
    ...(await ada.context.storageState()).cookies,
    ...(await bob.context.storageState()).cookies,
  ];
  for (const cookie of cookies) expect(text).not.toContain(cookie.value);
  await Promise.all([ada.context.dispose(), bob.context.dispose()]);
});

test('an admin edit shows on the next load of the product, a page showing it as related, the listing and home, on both instances', async () => {
  const home = await html(`${instances[0]!.baseURL}/`);
  const featured = products.find((product) => home.includes(`href="/products/${product.slug}"`));
  expect(featured, 'the home page features a product').toBeDefined();
  const product = featured!;
  let relatedPage: string | undefined;
  for (const other of products) {
    if (other.id === product.id) continue;
    const page = await html(`${instances[0]!.baseURL}/products/${other.slug}`);
    if (page.includes(`href="/products/${product.slug}"`)) relatedPage = `/products/${other.slug}`;
    if (relatedPage) break;
  }
  expect(relatedPage, 'some product page shows it as related').toBeDefined();
  const pages = [`/products/${product.slug}`, relatedPage!, `/products?category=${product.category}`, '/'];
  for (const instance of instances) for (const path of pages) await html(`${instance.baseURL}${path}`); // warm

  const admin = await playwrightRequest.newContext({ baseURL: instances[0]!.baseURL });
  expect((await admin.post('/api/auth/login', { data: DEMO_ADMIN })).status()).toBe(200);
  const newName = `Renamed ${randomId(4)}`;
  const patched = await admin.patch(`/api/admin/products/${product.id}`, {
    data: { name: newName, priceCents: 12_345 },
  });
  expect(patched.status()).toBe(200);
  await admin.dispose();

  for (const instance of instances) {
    for (const path of pages) {
      const page = await html(`${instance.baseURL}${path}`);
      expect(page, `${instance.baseURL}${path}`).toContain(newName);
    }
    expect(await html(`${instance.baseURL}/products/${product.slug}`)).toContain('$123.45');
  }
});

test('after the last unit sells, every instance says "Out of stock" within 5 s, and the page stays cached', async ({
  browser,
}) => {
  const product = products[4]!;
  const admin = await playwrightRequest.newContext({ baseURL: instances[0]!.baseURL });
  expect((await admin.post('/api/auth/login', { data: DEMO_ADMIN })).status()).toBe(200);
  expect((await admin.patch(`/api/admin/products/${product.id}`, { data: { stock: 1 } })).status()).toBe(200);
  await admin.dispose();
  for (const instance of instances) {
    await expect
      .poll(async () => html(`${instance.baseURL}/products/${product.slug}`))
      .toContain('In stock: 1');
    await untilCached(`${instance.baseURL}/products/${product.slug}`);
  }
  const { values: before } = await pageCacheContents();
  const rendersBefore = await productRenders();

  const buyer = await playwrightRequest.newContext({ baseURL: instances[1]!.baseURL });
  await placeOrderViaApi(buyer, product.id, 1);
  await buyer.dispose();

  // What a shopper's browser shows: the page as cached, with the live stock line filled in.
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const instance of instances) {
    await expect
      .poll(
        async () => {
          await page.goto(`${instance.baseURL}/products/${product.slug}`);
          return page.getByTestId('stock').textContent();
        },
        { timeout: 5000, intervals: [250] },
      )
      .toBe('Out of stock');
  }
  await context.close();
  // The very entries stored before the sale, untouched: the sale evicted nothing and re-rendered nothing.
  const { values: after } = await pageCacheContents();
  expect(before.length).toBeGreaterThan(0);
  expect(before.filter((value) => !after.includes(value)).length, 'entries changed by the sale').toBe(0);
  expect(await productRenders()).toBe(rendersBefore);
});

test('an unknown product is a 404 whose HTML says so, without JavaScript', async () => {
  const response = await fetch(`${instances[0]!.baseURL}/products/no-such-product-${randomId()}`);
  expect(response.status).toBe(404);
  const body = (await response.text()).replace(/<script[\s\S]*?<\/script>/g, '');
  expect(body).toMatch(/<h1[^>]*>Page not found<\/h1>/);
});

test('with Redis stopped every catalog page answers 200 within 1 s; with Redis back, pages are cached again', async () => {
  const product = products[5]!;
  const catalogPages = ['/', `/products?category=${product.category}`, `/products/${product.slug}`];
  const port = redis.port;
  await redis.stop();
  const times: string[] = [];
  try {
    for (const instance of instances) {
      for (const path of catalogPages) {
        const started = Date.now();
        const response = await fetch(`${instance.baseURL}${path}`, { signal: AbortSignal.timeout(5000) });
        expect(response.status, path).toBe(200);
        await response.text();
        const ms = Date.now() - started;
        times.push(`${path} ${ms}`);
        // A stopped Redis refuses connections at once: no page may wait out a Redis deadline for it.
        expect(ms, `${path} with Redis stopped`).toBeLessThan(1000);
      }
    }
    console.log(`catalog pages with Redis stopped (ms): ${times.join(', ')}`);
  } finally {
    redis = await startRedisServer({ port });
  }
  // Back: once the clients have reconnected, a load renders and stores, and the next is served from Redis.
  await untilCached(`${instances[0]!.baseURL}/products/${product.slug}`);
});
