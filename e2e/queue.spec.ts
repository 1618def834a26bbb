import { createHash, createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { hashPassword } from '../lib/auth/password';
import { queueKeys, saleKeys } from '../lib/redis/keys';
import { mintSessions } from '../tooling/minted-sessions';
import { startRedisServer, type RedisServerProcess } from '../tooling/redis-server';
import {
  databaseUrlNamed,
  deleteKeysWithPrefix,
  dropDatabase,
  prepareDatabase,
  randomId,
} from '../tooling/run-env';
import { insertSale } from '../tooling/sales';
import { startInstance, type Instance } from './support/instances';
import { readCounter } from './support/metrics';
import { e2eEnv } from './support/run-env';
import { Visitor, type Answer } from './support/visitor';

/*
 * The line (issue 22, CONTRACT.md "The line") from outside, on two `next start` processes sharing a store
 * of this file's own, and a third whose Redis is a private redis-server stopped mid-line. Three queued
 * sales open at the same second: a drop of 20 units whose line lets 5 in at once (60 accounts joined
 * before the start, from both instances, some twice, some from two sessions), a drop of 2 units that
 * sells out, and one on the third instance. Accounts and sessions are made straight in PostgreSQL and
 * Redis (tooling/minted-sessions.ts); the sales through the admin API. Admission expiry is shown in
 * lib/queue/lines.test.ts: an admission lasts whole minutes here (admissionMinutes ≥ 1).
 */

test.describe.configure({ mode: 'serial', timeout: 90_000 });

const LINE = 60;
const AT_ONCE = 5;
const databaseUrl = databaseUrlNamed(`storefront_e2e_queue_${randomId()}`);
const prefix = `${e2eEnv().REDIS_KEY_PREFIX}queue-${randomId()}:`;

interface Member {
  userId: number;
  visitor: Visitor;
  /** Its index: the instance it joined on (two sessions and repeats use the other one). */
  index: number;
}

let shops: [Instance, Instance];
let lone: Instance;
let loneRedis: RedisServerProcess;
let sql: postgres.Sql;
let redis: Redis;
let products: Array<{ id: number; slug: string }>;
let line: Member[];
let secondSessions: Member[];
let drop: Member[];
let paused: Member[];
let newcomer: Visitor;
let outsider: Visitor;
let startsAt: number;
const sales = { line: 0, drop: 0, paused: 0, plain: 0 };

const shop = (index: number) => shops[index % 2]!.baseURL;
const queuePath = (saleId: number) => `/api/sales/${saleId}/queue`;
const admissionName = (saleId: number) => `sf_admission_${saleId}`;
const pageOf = (product: { slug: string }) => `/products/${product.slug}`;
const jsonOf = (product: { slug: string }) => `/api/products/${product.slug}`;
const memberOf = (members: Member[], userId: number) => members.find((member) => member.userId === userId)!;

async function insertUsers(tag: string, count: number): Promise<number[]> {
  const hash = await hashPassword('queue-spec-password');
  const rows = await sql<{ id: number }[]>`
    insert into users (email, name, password_hash)
    select ${tag} || '-' || n || '@example.test', 'Line shopper ' || n, ${hash}
    from generate_series(1, ${count}) as n
    returning id`;
  return rows.map((row) => row.id);
}

async function sessionsFor(ids: number[], redisUrl?: string): Promise<Visitor[]> {
  const cookies = await mintSessions(ids, { prefix, secret: e2eEnv().SESSION_SECRET, redisUrl });
  return cookies.map((cookie) => new Visitor(cookie));
}

const members = (ids: number[], visitors: Visitor[]): Member[] =>
  ids.map((userId, index) => ({ userId, visitor: visitors[index]!, index }));

/** Runs `run` over `items`, at most 10 at once (two cores). */
async function inBatches<T, R>(
  items: readonly T[],
  run: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += 10) {
    const batch = items.slice(start, start + 10).map((item, offset) => run(item, start + offset));
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

/** The line's order as anyone can recompute it: ascending HMAC-SHA256(seed bytes, id in decimal), hex. */
function recomputedOrder(seedHex: string, userIds: readonly number[]): number[] {
  const value = (id: number) =>
    createHmac('sha256', Buffer.from(seedHex, 'hex')).update(String(id)).digest('hex');
  return [...userIds].sort((a, b) => (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0));
}

async function saleOf(base: string, saleId: number) {
  const answer = await new Visitor().call(base, 'GET', `/api/sales/${saleId}`);
  expect(answer.status).toBe(200);
  return answer.body as { status: string; queue: Record<string, unknown> };
}

function createSale(admin: Visitor, base: string, productId: number, units: number, atOnce: number) {
  return admin.call(base, 'POST', '/api/admin/sales', {
    body: {
      name: `Line drop ${productId}`,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 3_600_000).toISOString(),
      items: [{ productId, salePriceCents: 1, units, perCustomerLimit: 1 }],
      queue: { activeShoppers: atOnce },
    },
  });
}

/** A queue status answer, with what the contract asks of every one. */
async function statusOf(member: { visitor: Visitor }, base: string, saleId: number): Promise<Answer> {
  const answer = await member.visitor.call(base, 'GET', queuePath(saleId));
  expectStatusShape(answer);
  return answer;
}

function expectStatusShape(answer: Answer) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(answer.headers.get('cache-control')).toBe('private, no-store');
  const retry = answer.body.retryAfterSeconds as number;
  expect(retry).toBeGreaterThanOrEqual(10);
  expect(answer.headers.get('retry-after')).toBe(String(retry));
}

const addToCart = (visitor: Visitor, base: string, productId: number) =>
  visitor.call(base, 'POST', '/api/cart/items', { body: { productId, quantity: 1 } });
const checkout = (visitor: Visitor, base: string, key: string) =>
  visitor.call(base, 'POST', '/api/checkout', { headers: { 'idempotency-key': key } });

/** A visitor without an admission: the page to the line (303), the JSON and the cart 409 `{error, queue}`. */
async function expectSentToLine(
  visitor: Visitor,
  base: string,
  product: { id: number; slug: string },
  saleId: number,
) {
  const page = await visitor.call(base, 'GET', pageOf(product));
  expect(page.status).toBe(303);
  expect(new URL(page.headers.get('location')!, base).pathname).toBe(`/queue/${saleId}`);
  expect(page.headers.get('cache-control')).toBe('private, no-store');
  const refusal = { error: expect.any(String), queue: `/queue/${saleId}` };
  const json = await visitor.call(base, 'GET', jsonOf(product));
  expect([json.status, json.body]).toEqual([409, refusal]);
  const added = await addToCart(visitor.clone(), base, product.id);
  expect([added.status, added.body]).toEqual([409, refusal]);
}

test.beforeAll(async () => {
  test.setTimeout(90_000);
  loneRedis = await startRedisServer();
  await prepareDatabase(databaseUrl, 10);
  const env = { DATABASE_URL: databaseUrl, REDIS_KEY_PREFIX: prefix };
  const started = await Promise.all([
    startInstance(env),
    startInstance(env),
    startInstance({ ...env, REDIS_URL: loneRedis.url }),
  ]);
  shops = [started[0]!, started[1]!];
  lone = started[2]!;
  sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  products = await sql<{ id: number; slug: string }[]>`select id, slug from products order by id limit 4`;
  await sql`update products set stock = 1000 where id in ${sql(products.map((product) => product.id))}`;

  const lineIds = await insertUsers('line', LINE);
  line = members(lineIds, await sessionsFor(lineIds));
  // Eight accounts signed in a second time (another browser).
  const twice = lineIds.slice(10, 18);
  secondSessions = members(twice, await sessionsFor(twice)).map((member) => ({
    ...member,
    index: member.index + 11,
  }));
  const dropIds = await insertUsers('drop', 6);
  drop = members(dropIds, await sessionsFor(dropIds));
  const pausedIds = await insertUsers('paused', 6);
  const pausedVisitors = await sessionsFor(pausedIds, loneRedis.url);
  paused = members(pausedIds.slice(0, 5), pausedVisitors);
  newcomer = pausedVisitors[5]!;
  const [outsiderId] = await insertUsers('outsider', 1);
  outsider = (await sessionsFor([outsiderId!]))[0]!;
  // Its cart holds the drop's product from before the sale: checking it out later needs an admission.
  expect((await addToCart(outsider, shop(0), products[0]!.id)).status).toBe(200);

  const [{ id: adminId } = { id: 0 }] = await sql<
    { id: number }[]
  >`select id from users where role = 'admin' limit 1`;
  const [admin] = await sessionsFor([adminId]);
  const [loneAdmin] = await sessionsFor([adminId], loneRedis.url);
  startsAt = Date.now() + 15_000;
  const created = await Promise.all([
    createSale(admin!, shop(0), products[0]!.id, 20, AT_ONCE),
    createSale(admin!, shop(1), products[1]!.id, 2, 2),
    createSale(loneAdmin!, lone.baseURL, products[2]!.id, 20, 2),
  ]);
  for (const answer of created) expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  const [lineSale, dropSale, pausedSale] = created.map((answer) => answer.body.id as number);
  Object.assign(sales, { line: lineSale, drop: dropSale, paused: pausedSale });
  sales.plain = await insertSale(sql, {
    startsAt: new Date(startsAt),
    endsAt: new Date(startsAt + 3_600_000),
    items: [{ productId: products[3]!.id, salePriceCents: 1, units: 5, perCustomerLimit: 1 }],
  });
  await redis.publish(saleKeys(prefix).changes, JSON.stringify({ saleId: sales.plain }));
  // Both instances know every sale (the change is published; the other one reloads it).
  for (const base of [shop(0), shop(1)]) {
    for (const saleId of [sales.line, sales.drop, sales.plain]) {
      await expect
        .poll(async () => (await new Visitor().call(base, 'GET', `/api/sales/${saleId}`)).status)
        .toBe(200);
    }
  }
});

test.afterAll(async () => {
  await Promise.all([...(shops ?? []), lone].filter(Boolean).map((instance) => instance.stop()));
  await loneRedis?.stop();
  await sql?.end();
  await dropDatabase(databaseUrl);
  await deleteKeysWithPrefix(prefix);
  redis?.disconnect();
});

test('60 accounts join before the start from both instances: 60 places, in the order the revealed seed gives', async () => {
  const someone = line[0]!.visitor;
  expect((await new Visitor().call(shop(0), 'POST', queuePath(sales.line))).status).toBe(401);
  for (const path of ['/api/sales/abc/queue', '/api/sales/999999999/queue', queuePath(sales.plain)]) {
    const answer = await someone.call(shop(1), 'POST', path);
    expect([answer.status, answer.body.error]).toEqual([404, expect.any(String)]);
  }
  const published = (await saleOf(shop(0), sales.line)).queue;
  expect(published.seedSha256).toMatch(/^[0-9a-f]{64}$/);
  expect(published.seed).toBeNull();

  const registered = { status: 'registered', position: null, ahead: null, estimatedWaitSeconds: null };
  const join = async (member: Member, saleId: number, base = shop(member.index)) => {
    const answer = await member.visitor.call(base, 'POST', queuePath(saleId));
    expectStatusShape(answer);
    expect(answer.body).toMatchObject(registered);
  };
  await inBatches(line, (member) => join(member, sales.line));
  // Ten join again on the other instance; eight join and ask again from their second session.
  await inBatches(line.slice(0, 10), (member) => join({ ...member, index: member.index + 1 }, sales.line));
  await inBatches(secondSessions, (member) => join(member, sales.line));
  for (const member of secondSessions) {
    expect((await statusOf(member, shop(member.index + 1), sales.line)).body).toMatchObject(registered);
  }
  await inBatches(drop, (member) => join(member, sales.drop));
  await inBatches(paused, (member) => join(member, sales.paused, lone.baseURL));
  // Before the start the product is open to anyone; its JSON stays out of shared caches all the same.
  const guest = new Visitor();
  expect((await guest.call(shop(0), 'GET', pageOf(products[0]!))).status).toBe(200);
  const json = await guest.call(shop(1), 'GET', jsonOf(products[0]!));
  expect([json.status, json.headers.get('cache-control')]).toEqual([200, 'private, no-store']);
  expect(await redis.scard(queueKeys(prefix).line(sales.line).early)).toBe(LINE);
  expect(Date.now(), 'everyone joined before the start').toBeLessThan(startsAt);

  await new Promise((resolve) => setTimeout(resolve, startsAt - Date.now() + 1500));
  const revealed = (await saleOf(shop(1), sales.line)).queue;
  expect(revealed.seed).toMatch(/^[0-9a-f]{64}$/);
  expect(
    createHash('sha256')
      .update(Buffer.from(revealed.seed as string, 'hex'))
      .digest('hex'),
  ).toBe(published.seedSha256);
  const order = recomputedOrder(
    revealed.seed as string,
    line.map((member) => member.userId),
  );
  const answers = await inBatches(line, (member) => statusOf(member, shop(member.index), sales.line));
  const positions = answers.map((answer) => answer.body.position);
  expect(positions).toEqual(line.map((member) => order.indexOf(member.userId) + 1));
  expect(new Set(positions).size).toBe(LINE);
  for (const member of secondSessions) {
    const again = await statusOf(member, shop(member.index + 1), sales.line);
    expect(again.body.position).toBe(order.indexOf(member.userId) + 1);
  }
  // Exactly the first five are admitted, and only they hold the admission cookie.
  answers.forEach((answer, index) => {
    const position = answer.body.position as number;
    const admitted = position <= AT_ONCE;
    expect(answer.body).toMatchObject(
      admitted ? { status: 'admitted', ahead: 0 } : { status: 'waiting', ahead: position - AT_ONCE - 1 },
    );
    expect(line[index]!.visitor.cookies.has(admissionName(sales.line))).toBe(admitted);
  });
  expect(await redis.zcard(queueKeys(prefix).line(sales.line).active)).toBe(AT_ONCE);
  await expect
    .poll(async () => (await saleOf(shop(0), sales.line)).queue)
    .toMatchObject({ admittedThrough: AT_ONCE, waiting: LINE - AT_ONCE });
  // Kept for the next tests, in line order.
  line = order.map((userId) => memberOf(line, userId));
});

test('the rest are sent to the line; the first 5 buy, and the next 5 are admitted within 2 s of those orders', async () => {
  const product = products[0]!;
  for (const [index, visitor] of [line[10]!.visitor, new Visitor()].entries()) {
    await expectSentToLine(visitor, shop(index), product, sales.line);
  }
  // Checkout of a cart holding it (from before the sale): 409, counted as no_admission.
  const metric = { result: 'no_admission' };
  const before = await readCounter(shop(0), 'storefront_sale_checkouts_total', metric);
  const refused = await checkout(outsider, shop(0), 'outsider-1');
  expect([refused.status, refused.body]).toEqual([
    409,
    { error: expect.any(String), queue: `/queue/${sales.line}` },
  ]);
  expect(await readCounter(shop(0), 'storefront_sale_checkouts_total', metric)).toBe(before + 1);

  const first = line.slice(0, AT_ONCE);
  await Promise.all(
    first.map(async ({ visitor }, index) => {
      const base = shop(index);
      expect((await visitor.call(base, 'GET', pageOf(product))).status).toBe(200);
      const json = await visitor.call(shop(index + 1), 'GET', jsonOf(product));
      expect([json.status, json.headers.get('cache-control')]).toEqual([200, 'private, no-store']);
      expect((await addToCart(visitor, base, product.id)).status).toBe(200);
      const placed = await checkout(visitor, shop(index + 1), `first-${index}`);
      expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    }),
  );
  // Each order freed its admission at once: the next five hold one in Redis already.
  const active = await redis.zrange(queueKeys(prefix).line(sales.line).active, 0, -1);
  expect(active.map(Number).sort()).toEqual(
    line
      .slice(AT_ONCE, 2 * AT_ONCE)
      .map((member) => member.userId)
      .sort(),
  );
  const next = line.slice(AT_ONCE, 2 * AT_ONCE);
  await expect
    .poll(
      async () =>
        Promise.all(
          next.map(async (member, index) => (await statusOf(member, shop(index), sales.line)).body.status),
        ),
      { timeout: 2_000, intervals: [100] },
    )
    .toEqual(Array(AT_ONCE).fill('admitted'));
  // A buyer's admission is used: their status says so, their cookie went with the order.
  const buyer = first[0]!;
  expect(buyer.visitor.cookies.has(admissionName(sales.line))).toBe(false);
  await expect.poll(async () => (await statusOf(buyer, shop(1), sales.line)).body.status).toBe('ended');
  expect((await buyer.visitor.call(shop(0), 'GET', pageOf(product))).status).toBe(303);
  // Nobody further back was let in.
  for (const member of line.slice(2 * AT_ONCE, 2 * AT_ONCE + 5)) {
    expect((await statusOf(member, shop(0), sales.line)).body.status).toBe('waiting');
  }
});

test('an admission cookie forged, altered, or presented by another user, session or for another sale is refused', async () => {
  const product = products[0]!;
  const holder = line[AT_ONCE]!;
  const name = admissionName(sales.line);
  const value = holder.visitor.cookies.get(name)!;
  expect(value).toBeTruthy();
  expect((await holder.visitor.call(shop(0), 'GET', pageOf(product))).status).toBe(200);

  const [userId, expiry, sessionId, signature] = value.split('.') as [string, string, string, string];
  const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
  const own = (cookie: string) => {
    const visitor = holder.visitor.clone();
    visitor.setCookie(`${name}=${cookie}`);
    return visitor;
  };
  const refusedVisitors = [
    own(`${userId}.${expiry}.${sessionId}.${flipped}`), // altered signature
    own(`${userId}.${Number(expiry) + 3_600_000}.${sessionId}.${signature}`), // a later expiry
    own(`${userId}.${expiry}.${'a'.repeat(43)}.${'b'.repeat(43)}`), // made up
  ];
  // Another user's browser, and the holder's own second session, with the genuine cookie.
  const otherUser = line[30]!.visitor.clone();
  otherUser.setCookie(`${name}=${value}`);
  const [secondSession] = await sessionsFor([holder.userId]);
  secondSession!.setCookie(`${name}=${value}`);
  refusedVisitors.push(otherUser, secondSession!);
  for (const [index, visitor] of refusedVisitors.entries()) {
    await expectSentToLine(visitor, shop(index), product, sales.line);
  }
  // The genuine cookie renamed for another running queued sale opens nothing there.
  const renamed = holder.visitor.clone();
  renamed.setCookie(`${admissionName(sales.drop)}=${value}`);
  const page = await renamed.call(shop(1), 'GET', pageOf(products[1]!));
  expect([page.status, new URL(page.headers.get('location')!, shop(1)).pathname]).toEqual([
    303,
    `/queue/${sales.drop}`,
  ]);
});

test("the product page's form, once the admission is gone: it says where the line is, or goes there without JavaScript", async ({
  browser,
}) => {
  const product = products[0]!;
  for (const [index, javaScriptEnabled] of [true, false].entries()) {
    const holder = line[AT_ONCE + 1 + index]!;
    const context = await browser.newContext({ javaScriptEnabled });
    await context.addCookies(
      [...holder.visitor.cookies].map(([name, value]) => ({ name, value, url: shop(index) })),
    );
    const page = await context.newPage();
    await page.goto(`${shop(index)}${pageOf(product)}`);
    await expect(page.getByRole('button', { name: 'Add to cart' })).toBeEnabled();
    // The admission ends while the page is open (here: its cookie goes).
    await context.clearCookies({ name: admissionName(sales.line) });
    await page.getByRole('button', { name: 'Add to cart' }).click();
    if (javaScriptEnabled) {
      await expect(page.getByRole('main').getByRole('status')).toContainText(
        `Wait in line at /queue/${sales.line}`,
      );
    } else {
      await expect(page).toHaveURL(new RegExp(`/queue/${sales.line}$`));
    }
    await context.close();
  }
});

test('sold out: every waiter is told sold_out, and nobody is admitted after', async () => {
  const product = products[1]!;
  const seed = (await saleOf(shop(0), sales.drop)).queue.seed as string;
  const order = recomputedOrder(
    seed,
    drop.map((member) => member.userId),
  ).map((userId) => memberOf(drop, userId));
  const [firstBuyer, secondBuyer] = order;
  for (const [index, buyer] of [firstBuyer!, secondBuyer!].entries()) {
    expect((await statusOf(buyer, shop(index), sales.drop)).body.status).toBe('admitted');
    expect((await addToCart(buyer.visitor, shop(index), product.id)).status).toBe(200);
    expect((await checkout(buyer.visitor, shop(index), `drop-${index}`)).status).toBe(201);
  }
  for (const base of [shop(0), shop(1)]) {
    await expect.poll(async () => (await saleOf(base, sales.drop)).status).toBe('sold_out');
    for (const member of order) {
      await expect.poll(async () => (await statusOf(member, base, sales.drop)).body.status).toBe('sold_out');
    }
  }
  const front = (await saleOf(shop(0), sales.drop)).queue.admittedThrough;
  // A few ticks later: the front has not moved, and no one further back holds an admission.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  expect((await saleOf(shop(1), sales.drop)).queue.admittedThrough).toBe(front);
  for (const member of order.slice(3)) {
    expect((await statusOf(member, shop(member.index), sales.drop)).body.status).toBe('sold_out');
    expect(await redis.zscore(queueKeys(prefix).line(sales.drop).active, String(member.userId))).toBeNull();
    expect(member.visitor.cookies.has(admissionName(sales.drop))).toBe(false);
  }
});

test('Redis stopped during the line: the status pauses, joining is a 503, nobody jumps it, the admitted keep their turn', async () => {
  const product = products[2]!;
  const base = lone.baseURL;
  const seed = (await saleOf(base, sales.paused)).queue.seed as string;
  const order = recomputedOrder(
    seed,
    paused.map((member) => member.userId),
  ).map((userId) => memberOf(paused, userId));
  const before = await Promise.all(order.map((member) => statusOf(member, base, sales.paused)));
  expect(before.map((answer) => answer.body.status)).toEqual([
    'admitted',
    'admitted',
    'waiting',
    'waiting',
    'waiting',
  ]);
  expect(before.map((answer) => answer.body.position)).toEqual([1, 2, 3, 4, 5]);
  expect((await order[0]!.visitor.call(base, 'GET', pageOf(product))).status).toBe(200);

  await loneRedis.stop();
  const seen: Answer[] = [];
  const ask = async (visitor: Visitor, method: string, path: string) => {
    const answer = await visitor.call(base, method, path);
    seen.push(answer);
    return answer;
  };
  // Polls are answered from this instance's reading of the line, up to a second old: the first reading
  // after Redis went fails, and from then on the answers say the line is paused.
  await expect
    .poll(async () => (await order[0]!.visitor.call(base, 'GET', queuePath(sales.paused))).body.paused)
    .toBe(true);
  for (const [index, member] of order.entries()) {
    const answer = await ask(member.visitor, 'GET', queuePath(sales.paused));
    expectStatusShape(answer);
    expect(answer.body).toMatchObject({
      status: before[index]!.body.status,
      position: index + 1,
      paused: true,
    });
  }
  // The admitted keep their admission (the cookie, checked in process); the waiting are still sent to the line.
  for (const member of order.slice(0, 2)) {
    expect((await ask(member.visitor, 'GET', pageOf(product))).status).toBe(200);
    expect((await ask(member.visitor, 'GET', jsonOf(product))).status).toBe(200);
  }
  for (const member of order.slice(2)) {
    expect((await ask(member.visitor, 'GET', pageOf(product))).status).toBe(303);
    expect((await ask(member.visitor, 'GET', jsonOf(product))).status).toBe(409);
  }
  const joined = await ask(newcomer, 'POST', queuePath(sales.paused));
  expect([joined.status, joined.body.error]).toEqual([503, expect.any(String)]);
  expect(Number(joined.headers.get('retry-after'))).toBeGreaterThan(0);
  // A few ticks later the line has not moved: nobody was admitted while it could not be read.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  for (const [index, member] of order.entries()) {
    const answer = await ask(member.visitor, 'GET', queuePath(sales.paused));
    expect(answer.body).toMatchObject({
      status: before[index]!.body.status,
      position: index + 1,
      paused: true,
    });
  }
  expect(seen.filter((answer) => answer.status >= 500 && answer !== joined)).toEqual([]);
});
