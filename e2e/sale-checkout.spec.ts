import { expect, test } from '@playwright/test';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { hashPassword } from '../lib/auth/password';
import { saleKeys, sessionKeys, stockKeys } from '../lib/redis/keys';
import { mintSessions } from '../tooling/minted-sessions';
import { PostgresWork } from '../tooling/postgres-stats';
import { insertSale } from '../tooling/sales';
import { withOwnStore } from './support/own-store';
import { e2eEnv } from './support/run-env';

/*
 * Buying in a sale from outside, on two `next start` processes and a store of their own: a drop of 30
 * units, limit 1, opening a few seconds ahead (nothing sells before, 150 shoppers at the second it opens:
 * 30 orders to 30 buyers), its sold-out refusals costing PostgreSQL (almost) nothing, a cancellation giving
 * a buyer their allowance back, and one customer's 20 concurrent checkouts from two sessions on two
 * instances never passing a limit of 2.
 */

test.describe.configure({ mode: 'serial', timeout: 180_000 });

const SHOPPERS = 150;
const UNITS = 30;
const STOCK = 100;
const ROUNDS = 10;
const store = withOwnStore('salebuy', { products: 20, instances: 2 });

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

let sql: postgres.Sql;
let redis: Redis;
let saleId: number;
let drop: { id: number; slug: string };
let pair: { id: number };
let shoppers: Array<{ userId: number; cookie: string }>;
let customers: Array<{ userId: number; cookies: [string, string] }>;
let startsAt: Date;
let winners: Array<{ userId: number; cookie: string; orderId: number }> = [];
let losers: Array<{ userId: number; cookie: string }> = [];

const instanceFor = (index: number) => store.instances[index % store.instances.length]!.baseURL;

async function call(index: number, method: string, path: string, cookie: string, init: RequestInit = {}) {
  const response = await fetch(`${instanceFor(index)}${path}`, {
    method,
    ...init,
    headers: { cookie, 'content-type': 'application/json', ...init.headers },
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const add = (index: number, cookie: string, productId: number, quantity = 1) =>
  call(index, 'POST', '/api/cart/items', cookie, { body: JSON.stringify({ productId, quantity }) });
const setLine = (index: number, cookie: string, productId: number, quantity: number) =>
  call(index, 'PUT', `/api/cart/items/${productId}`, cookie, { body: JSON.stringify({ quantity }) });
const checkout = (index: number, cookie: string, key: string) =>
  call(index, 'POST', '/api/checkout', cookie, { headers: { 'idempotency-key': key } });

function tally(answers: readonly Answer[]) {
  const counts = new Map<number, number>();
  for (const { status } of answers) counts.set(status, (counts.get(status) ?? 0) + 1);
  return Object.fromEntries(counts);
}

async function insertUsers(tag: string, count: number): Promise<number[]> {
  const hash = await hashPassword('sale-checkout-password');
  const rows = await sql<{ id: number }[]>`
    insert into users (email, name, password_hash)
    select ${tag} || '-' || n || '@example.test', 'Sale shopper ' || n, ${hash}
    from generate_series(1, ${count}) as n
    returning id`;
  return rows.map((row) => row.id);
}

test.beforeAll(async () => {
  sql = postgres(store.databaseUrl, { max: 2, onnotice: () => {} });
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const products = await sql<
    { id: number; slug: string }[]
  >`select id, slug from products order by id limit 2`;
  drop = products[0]!;
  pair = products[1]!;
  await sql`update products set stock = ${STOCK} where id = ${drop.id}`;
  await sql`update products set stock = 1000 where id = ${pair.id}`;
  const mint = (ids: number[]) =>
    mintSessions(ids, { prefix: store.prefix, secret: e2eEnv().SESSION_SECRET });
  const shopperIds = await insertUsers('drop', SHOPPERS);
  const shopperCookies = await mint(shopperIds);
  shoppers = shopperIds.map((userId, index) => ({ userId, cookie: shopperCookies[index]! }));
  // Each customer signed in twice: two sessions of one account, one on each instance.
  const customerIds = await insertUsers('pair', ROUNDS);
  const [first, second] = [await mint(customerIds), await mint(customerIds)];
  customers = customerIds.map((userId, index) => ({ userId, cookies: [first[index]!, second[index]!] }));
});

test.afterAll(async () => {
  await sql?.end();
  redis?.disconnect();
});

test('before the start nothing sells; at the start 150 shoppers, 30 units, limit 1: 30 orders to 30 buyers, no 5xx', async () => {
  // One shopper's cart holds the product from before the sale was scheduled.
  expect((await add(0, shoppers[0]!.cookie, drop.id)).status).toBe(200);
  startsAt = new Date(Date.now() + 8000);
  saleId = await insertSale(sql, {
    startsAt,
    endsAt: new Date(startsAt.getTime() + 3600_000),
    items: [
      { productId: drop.id, salePriceCents: 100, units: UNITS, perCustomerLimit: 1 },
      { productId: pair.id, salePriceCents: 100, units: 500, perCustomerLimit: 2 },
    ],
  });
  await redis.publish(saleKeys(store.prefix).changes, JSON.stringify({ saleId }));
  const notStarted = { error: expect.any(String), productId: drop.id, startsAt: startsAt.toISOString() };
  for (const index of [0, 1]) {
    await expect.poll(async () => (await add(index, shoppers[1]!.cookie, drop.id)).body).toEqual(notStarted);
    expect(await checkout(index, shoppers[0]!.cookie, `early-${index}`)).toEqual({
      status: 409,
      body: notStarted,
    });
  }
  expect(Date.now()).toBeLessThan(startsAt.getTime());

  await new Promise((resolve) => setTimeout(resolve, startsAt.getTime() - Date.now() + 50));
  const outcomes = await Promise.all(
    shoppers.map(async (shopper, index) => {
      const added = await add(index, shopper.cookie, drop.id);
      if (added.status !== 200) return { added, placed: undefined };
      return { added, placed: await checkout(index, shopper.cookie, `drop-${index}`) };
    }),
  );
  const answers = outcomes.flatMap(({ added, placed }) => (placed ? [added, placed] : [added]));
  expect(answers.filter((answer) => answer.status >= 500)).toEqual([]);
  const placed = outcomes.flatMap((outcome, index) =>
    outcome.placed?.status === 201
      ? [{ ...shoppers[index]!, orderId: outcome.placed.body.orderId as number }]
      : [],
  );
  expect(placed).toHaveLength(UNITS);
  expect(new Set(placed.map((winner) => winner.userId)).size).toBe(UNITS);
  for (const { added, placed: answer } of outcomes) {
    // Every refusal is the contract's sold out (at the cart, or at checkout).
    const refusal = answer && answer.status !== 201 ? answer : added.status !== 200 ? added : undefined;
    if (refusal) expect([refusal.status, refusal.body.available]).toEqual([409, 0]);
  }
  winners = placed;
  const won = new Set(placed.map((winner) => winner.userId));
  losers = shoppers.filter((shopper) => !won.has(shopper.userId));

  const [row] = await sql<
    { stock: number; sold: number; orders: number; buyers: number; units: number; bought: number }[]
  >`
    select (select stock from products where id = ${drop.id}) as stock,
           (select units_sold from sale_items where sale_id = ${saleId} and product_id = ${drop.id}) as sold,
           (select count(*)::int from orders) as orders,
           (select count(distinct o.user_id)::int from orders o) as buyers,
           (select coalesce(sum(quantity), 0)::int from order_items
             where product_id = ${drop.id} and sale_id = ${saleId} and unit_price_cents = 100) as units,
           (select coalesce(sum(quantity), 0)::int from sale_purchases
             where sale_id = ${saleId} and product_id = ${drop.id}) as bought`;
  expect(row).toEqual({
    stock: STOCK - UNITS,
    sold: UNITS,
    orders: UNITS,
    buyers: UNITS,
    units: UNITS,
    bought: UNITS,
  });
  // The gates agree: the sale's units all gone, the product's stock as PostgreSQL has it.
  const gate = saleKeys(store.prefix).item(saleId, drop.id).gate;
  expect(await redis.hget(gate, 'units')).toBe('0');
  expect(await redis.get(stockKeys(store.prefix).product(drop.id).gate)).toBe(String(STOCK - UNITS));
});

test('sold out: 300 more checkouts are 409 and raise PostgreSQL transactions by fewer than 10', async () => {
  expect(losers).toHaveLength(SHOPPERS - UNITS);
  // Every loser's cart holds the product (a refused add left some empty): straight into Redis.
  for (const loser of losers) await redis.hset(sessionKeys(store.prefix).userCart(loser.userId), drop.id, 1);
  const work = new PostgresWork(store.databaseUrl);
  try {
    const before = await work.transactions();
    const wave = Array.from({ length: 300 }, (_, index) => losers[index % losers.length]!);
    const answers = await Promise.all(
      wave.map((loser, index) => checkout(index, loser.cookie, `again-${index}`)),
    );
    const after = await work.transactions();
    expect(tally(answers)).toEqual({ 409: 300 });
    for (const answer of answers)
      expect(answer.body).toEqual({ error: expect.any(String), productId: drop.id, available: 0 });
    // The instances' own background work (the outbox's sweep, the sale registry's reload) in as long a
    // time with no attempt at all, for the record.
    const started = Date.now();
    const idleBefore = await work.transactions();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idle = (await work.transactions()) - idleBefore;
    console.log(
      `sold out: 300 refusals cost ${after - before} PostgreSQL transactions (idle, ${Date.now() - started} ms: ${idle})`,
    );
    expect(after - before).toBeLessThan(10);
  } finally {
    await work.close();
  }
});

test('cancelling an order during the sale gives the buyer their allowance back: they buy again', async () => {
  const winner = winners[0]!;
  expect((await add(0, winner.cookie, drop.id)).body).toMatchObject({ limit: 1, bought: 1 });
  const login = await fetch(`${instanceFor(1)}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@example.com', password: 'admin-demo-password' }),
  });
  expect(login.status).toBe(200);
  const admin = login.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
  const cancelled = await call(1, 'POST', `/api/admin/orders/${winner.orderId}/cancel`, admin);
  expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
  const [row] = await sql<{ sold: number; bought: number }[]>`
    select (select units_sold from sale_items where sale_id = ${saleId} and product_id = ${drop.id}) as sold,
           (select quantity from sale_purchases
             where sale_id = ${saleId} and product_id = ${drop.id} and user_id = ${winner.userId}) as bought`;
  expect(row).toEqual({ sold: UNITS - 1, bought: 0 });
  // The other instance heard it too: the buyer adds and buys there.
  expect((await add(1, winner.cookie, drop.id)).status).toBe(200);
  expect((await checkout(1, winner.cookie, 'after-cancel')).status).toBe(201);
});

test('one customer, two sessions on two instances, 20 concurrent checkouts of a limit-2 item: at most 2 bought, 10 times', async () => {
  for (const [round, customer] of customers.entries()) {
    expect((await setLine(round, customer.cookies[0], pair.id, 1 + (round % 2))).status).toBe(200);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        checkout(index, customer.cookies[index % 2]!, `pair-${round}-${index}`),
      ),
    );
    expect(answers.filter((answer) => answer.status >= 500)).toEqual([]);
    expect(answers.some((answer) => answer.status === 201)).toBe(true);
    const [row] = await sql<{ bought: number; units: number }[]>`
      select coalesce((select quantity from sale_purchases
               where sale_id = ${saleId} and product_id = ${pair.id} and user_id = ${customer.userId}), 0) as bought,
             (select coalesce(sum(i.quantity), 0)::int from order_items i join orders o on o.id = i.order_id
               where o.user_id = ${customer.userId} and i.product_id = ${pair.id}) as units`;
    expect(row!.bought).toBeLessThanOrEqual(2);
    expect(row!.units).toBe(row!.bought);
  }
});
