import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import { hashPassword } from '../lib/auth/password';
import { e2eEnv } from './support/run-env';
import { mintSessions } from '../tooling/minted-sessions';
import { withOwnStore } from './support/own-store';
import { PostgresWork } from '../tooling/postgres-stats';

/*
 * A flash sale from outside: 500 signed-in shoppers, each with one unit of the same product in the cart,
 * check out at once across two `next start` processes; the product has 100 units. Then 500 more
 * checkouts of the sold-out product, which the stock gate must answer without PostgreSQL.
 */

test.describe.configure({ mode: 'serial', timeout: 180_000 });

const SHOPPERS = 500;
const UNITS = 100;
const store = withOwnStore('flash', { products: 20, instances: 2 });

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

let sql: postgres.Sql;
let productId: number;
let productSlug: string;
let cookies: string[];
let losers: string[] = [];

test.beforeAll(async () => {
  sql = postgres(store.databaseUrl, { max: 2, onnotice: () => {} });
  const [product] = await sql<
    { id: number; slug: string }[]
  >`select id, slug from products order by id limit 1`;
  productId = product!.id;
  productSlug = product!.slug;
  await sql`update products set stock = ${UNITS} where id = ${productId}`;
  // One password hash for everyone: the sessions below are minted, nobody logs in.
  const hash = await hashPassword('flash-sale-password');
  const users = await sql<{ id: number }[]>`
    insert into users (email, name, password_hash)
    select 'flash-' || n || '@example.test', 'Flash shopper ' || n, ${hash}
    from generate_series(1, ${SHOPPERS}) as n
    returning id`;
  cookies = await mintSessions(
    users.map((user) => user.id),
    { prefix: store.prefix, secret: e2eEnv().SESSION_SECRET },
  );
});

test.afterAll(async () => {
  await sql?.end();
});

const instanceFor = (index: number) => store.instances[index % store.instances.length]!.baseURL;

async function post(index: number, path: string, cookie: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${instanceFor(index)}${path}`, {
    method: 'POST',
    ...init,
    headers: { cookie, 'content-type': 'application/json', ...init.headers },
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const checkout = (index: number, cookie: string, key: string) =>
  post(index, '/api/checkout', cookie, { headers: { 'idempotency-key': key } });

function tally(answers: Answer[]) {
  const counts = new Map<number, number>();
  for (const { status } of answers) counts.set(status, (counts.get(status) ?? 0) + 1);
  return Object.fromEntries(counts);
}

test('500 shoppers, 100 units: exactly 100 orders, 400 clean 409s, no 5xx, stock never below 0', async () => {
  // Filling the carts is the set-up, not the sale: 50 at a time.
  const added: Answer[] = [];
  for (let start = 0; start < SHOPPERS; start += 50) {
    const batch = cookies.slice(start, start + 50);
    added.push(
      ...(await Promise.all(
        batch.map((cookie, offset) =>
          post(start + offset, '/api/cart/items', cookie, {
            body: JSON.stringify({ productId, quantity: 1 }),
          }),
        ),
      )),
    );
  }
  expect(tally(added)).toEqual({ 200: SHOPPERS });

  // The product page is cached on both instances before the sale, with all its units.
  for (const instance of store.instances) {
    const html = await (await fetch(`${instance.baseURL}/products/${productSlug}`)).text();
    expect(html).toContain(`In stock: ${UNITS}`);
  }

  const answers = await Promise.all(cookies.map((cookie, index) => checkout(index, cookie, `sale-${index}`)));
  expect(tally(answers)).toEqual({ 201: UNITS, 409: SHOPPERS - UNITS });
  for (const answer of answers.filter((a) => a.status === 409)) {
    expect(answer.body).toEqual({ error: expect.any(String), productId, available: 0 });
  }
  losers = cookies.filter((_, index) => answers[index]!.status === 409);

  const [row] = await sql<{ stock: number; orders: number; units: number; lowest: number }[]>`
    select (select stock from products where id = ${productId}) as stock,
           (select count(*)::int from orders) as orders,
           (select coalesce(sum(quantity), 0)::int from order_items where product_id = ${productId}) as units,
           (select min(stock) from products) as lowest`;
  expect(row).toEqual({ stock: 0, orders: UNITS, units: UNITS, lowest: expect.any(Number) });
  expect(row!.lowest).toBeGreaterThanOrEqual(0);

  // Every instance's product page says so within 5 s of the last unit: its cached copy still holds 100
  // units, its stock line reads the gate.
  for (const instance of store.instances) {
    await expect
      .poll(
        async () =>
          (await (await fetch(`${instance.baseURL}/products/${productSlug}`)).text()).includes(
            'Out of stock',
          ),
        {
          timeout: 5000,
        },
      )
      .toBe(true);
  }
});

test('500 more checkouts of the sold-out product: all 409, and PostgreSQL barely notices', async () => {
  expect(losers).toHaveLength(SHOPPERS - UNITS);
  const work = new PostgresWork(store.databaseUrl);
  try {
    const before = await work.transactions();
    const wave = Array.from({ length: SHOPPERS }, (_, index) => losers[index % losers.length]!);
    const answers = await Promise.all(wave.map((cookie, index) => checkout(index, cookie, `again-${index}`)));
    const after = await work.transactions();
    expect(tally(answers)).toEqual({ 409: SHOPPERS });
    expect(after - before).toBeLessThan(25);
  } finally {
    await work.close();
  }
});
