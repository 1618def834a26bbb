import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import postgres from 'postgres';
import { hashPassword } from '../lib/auth/password';
import { drawOrder } from '../lib/queue/order';
import { QueueStore, type LineSpec } from '../lib/queue/store';
import { createRedisClient, type RedisClient } from '../lib/redis/client';
import { queueKeys } from '../lib/redis/keys';
import { DEMO_ADMIN } from '../tooling/seed/seed-generate';
import type { Instance } from './support/instances';
import { withOwnStore } from './support/own-store';

/*
 * The line's page from outside, on a `next start` and a store of this file's own: a shopper, signed out,
 * presses "Join the line" on the product page before the start, goes through sign-in and back to the
 * line, joins, and waits on /queue/{id} as the line moves, without a reload (the accounts ahead of them
 * finish: the spec releases their admissions through the line's store, as a placed order does); their turn
 * takes them to the product, where they buy. Another account follows the same line without JavaScript:
 * the page refreshes itself (a meta refresh at the server's interval), and "Go to the product" sets the
 * admission cookie. The whole walk is bounded (< 60 s).
 */

test.describe.configure({ mode: 'serial', timeout: 60_000 });

const PASSWORD = 'queue page password';
/** Accounts in line: the shopper last (by the draw), the three ahead of the no-JavaScript one, and it. */
const ACCOUNTS = 5;
/** Until the start: time for the shopper to sign in and join through the pages. */
const LEAD_MS = 15_000;

const store = withOwnStore('queuepage', { products: 6, instances: 1 });
let shop: Instance;
let sql: postgres.Sql;
let redis: RedisClient;
let product: { id: number; slug: string; name: string };
let accounts: Array<{ id: number; email: string }>;

test.beforeAll(async () => {
  shop = store.instances[0]!;
  sql = postgres(store.databaseUrl, { max: 2, onnotice: () => {} });
  redis = createRedisClient({ target: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } });
  redis.on('error', () => {});
  const [first] = await sql<{ id: number; slug: string; name: string }[]>`
    select id, slug, name from products order by id limit 1`;
  product = first!;
  await sql`update products set stock = 50 where id = ${product.id}`;
  const hash = await hashPassword(PASSWORD);
  accounts = await sql<{ id: number; email: string }[]>`
    insert into users (email, name, password_hash)
    select 'line-' || n || '-' || floor(random() * 1e9)::text || '@example.test', 'In line ' || n, ${hash}
    from generate_series(1, ${ACCOUNTS}) as n
    returning id, email`;
});

test.afterAll(async () => {
  await sql?.end();
  redis?.disconnect();
});

/** The admin's session cookie, from the JSON login. */
async function adminCookie(): Promise<string> {
  const login = await fetch(`${shop.baseURL}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }),
  });
  expect(login.status).toBe(200);
  return login.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

/** A queued sale of the product: one shopper at once, starting LEAD_MS from now; its line as the store sees it. */
async function scheduleQueuedSale(): Promise<LineSpec> {
  const created = await fetch(`${shop.baseURL}/api/admin/sales`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: await adminCookie() },
    body: JSON.stringify({
      name: 'Line drop',
      startsAt: new Date(Date.now() + LEAD_MS).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      items: [{ productId: product.id, salePriceCents: 100, units: 10, perCustomerLimit: 1 }],
      queue: { activeShoppers: 1 },
    }),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: number };
  const [row] = await sql<{ startsAt: Date; endsAt: Date; seed: string }[]>`
    select starts_at as "startsAt", ends_at as "endsAt", queue_seed as seed from sales where id = ${id}`;
  return {
    saleId: id,
    startsAt: row!.startsAt.getTime(),
    endsAt: row!.endsAt.getTime(),
    activeShoppers: 1,
    admissionMinutes: 10,
    seed: row!.seed,
  };
}

async function logIn(page: Page, email: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
}

async function newPage(browser: Browser, javaScriptEnabled: boolean): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({ baseURL: shop.baseURL, javaScriptEnabled });
  return [context, await context.newPage()];
}

const admissionCookie = async (context: BrowserContext, saleId: number) =>
  (await context.cookies()).find((cookie) => cookie.name === `sf_admission_${saleId}`);

test('a shopper joins before the start, follows the line as it moves, is taken to the product, buys', async ({
  browser,
}) => {
  const line = await scheduleQueuedSale();
  const queue = new QueueStore(redis, queueKeys(store.prefix));
  // The draw's order is the seed's (read here from PostgreSQL): the shopper is the account placed last.
  const order = drawOrder(
    line.seed,
    accounts.map((account) => account.id),
  );
  const byId = new Map(accounts.map((account) => [account.id, account]));
  const shopper = byId.get(order[ACCOUNTS - 1]!)!;
  const noScript = byId.get(order[ACCOUNTS - 2]!)!;
  const queuePath = `/queue/${line.saleId}`;

  // Signed out, "Join the line" leads through sign-in and back to the line, where the shopper joins.
  const [context, page] = await newPage(browser, true);
  await page.goto(`/products/${product.slug}`);
  await page.getByRole('button', { name: 'Join the line' }).click();
  await expect(page).toHaveURL(`/login?next=${encodeURIComponent(queuePath)}`);
  await logIn(page, shopper.email);
  await expect(page).toHaveURL(queuePath);
  await expect(page.getByRole('heading', { name: 'You’re not in this line yet' })).toBeVisible();
  await page.getByRole('button', { name: 'Join the line' }).click();
  await expect(
    page.getByRole('heading', { name: 'You’re in line; places are drawn at the start' }),
  ).toBeVisible();
  await expect(page.getByTestId('queue-countdown')).toHaveText(/^00:00:\d\d$/);
  // With JavaScript the page follows the line itself: its no-JavaScript refresh is inert.
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);
  // The others join too (through the line's store: the join route is another page's).
  for (const account of accounts) if (account !== shopper) await queue.join(line, account.id);
  expect(Date.now()).toBeLessThan(line.startsAt);

  // Without JavaScript the line's page refreshes itself at the interval the server asks.
  const [plainContext, firstPlain] = await newPage(browser, false);
  let plain = firstPlain;
  await plain.goto(queuePath);
  await logIn(plain, noScript.email);
  await expect(plain).toHaveURL(queuePath);
  await expect(plain.getByRole('heading', { name: /places are drawn at the start/ })).toBeVisible();
  const refresh = plain.locator('meta[http-equiv="refresh"]');
  await expect(refresh).toHaveAttribute('content', /^\d+$/);
  expect(Number(await refresh.getAttribute('content'))).toBeGreaterThanOrEqual(10);

  // The start: places drawn, the first admitted. The shopper's page learns it from the sale's stream.
  await expect(page.getByTestId('queue-position')).toHaveText(String(ACCOUNTS), {
    timeout: line.startsAt - Date.now() + 10_000,
  });
  await expect(page.getByRole('heading', { name: `Number ${ACCOUNTS} in line` })).toBeVisible();
  await expect(page.getByTestId('queue-front')).toContainText('Admitted through place 1;');
  await expect(page.getByTestId('queue-ahead')).toHaveText(String(ACCOUNTS - 2));

  // The accounts ahead finish one by one; the page follows without a reload.
  for (const place of [1, 2, 3]) {
    await queue.advance(line, { soldOut: false, release: order[place - 1] });
    await expect(page.getByTestId('queue-front')).toContainText(`Admitted through place ${place + 1};`);
  }
  await expect(page.getByTestId('queue-ahead')).toHaveText('0');
  expect(page.url()).toContain(queuePath);

  // The admin sees the same line on /admin/sales.
  const [adminContext, admin] = await newPage(browser, true);
  await adminContext.addCookies(
    (await adminCookie()).split('; ').map((pair) => {
      const [name, ...value] = pair.split('=');
      return { name: name!, value: value.join('='), url: shop.baseURL };
    }),
  );
  await admin.goto('/admin/sales');
  await expect(admin.getByTestId(`admin-sale-line-${line.saleId}`)).toContainText(
    '1 waiting · 1 admitted · admitted through place 4',
  );
  await adminContext.close();

  // The no-JavaScript account's turn (place 4): its page, loaded again, offers the product; the button
  // sets the admission cookie on the way. (Opened afresh rather than reloaded: the old page's own
  // meta refresh could fire during a reload and abort it.)
  await plain.close();
  plain = await plainContext.newPage();
  const reloaded = await plain.goto(queuePath);
  // Personal: no shared cache or CDN may keep it.
  expect(reloaded?.headers()['cache-control']).toBe('private, no-store');
  await expect(plain.getByRole('heading', { name: /It’s your turn/ })).toBeVisible();
  await expect(plain.locator('meta[http-equiv="refresh"]')).toHaveCount(0);
  await plain.getByRole('button', { name: 'Go to the product' }).click();
  await expect(plain).toHaveURL(`/products/${product.slug}`);
  expect(await admissionCookie(plainContext, line.saleId)).toBeDefined();
  await plainContext.close();

  // It finishes too: the shopper's turn. Their page goes to the product by itself, admitted.
  expect(await admissionCookie(context, line.saleId)).toBeUndefined();
  await queue.advance(line, { soldOut: false, release: order[ACCOUNTS - 2] });
  await expect(page).toHaveURL(`/products/${product.slug}`);
  expect(await admissionCookie(context, line.saleId)).toBeDefined();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(product.name);
  await expect(page.getByTestId('sale-price')).toHaveText('$1.00');
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.getByTestId('cart-count')).toHaveText('1');
  await page.goto('/cart');
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page).toHaveURL(/\/orders\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Order');
  const [bought] = await sql<{ n: number }[]>`
    select coalesce(sum(quantity), 0)::int as n from order_items i join orders o on o.id = i.order_id
    where o.user_id = ${shopper.id} and i.sale_id = ${line.saleId}`;
  expect(bought!.n).toBe(1);
  await context.close();
});
