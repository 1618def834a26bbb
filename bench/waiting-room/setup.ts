import Redis from 'ioredis';
import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../lib/auth/password';
import { createRedisClient, waitUntilReady, type RedisClient } from '../../lib/redis/client';
import { queueKeys, type LineKeys } from '../../lib/redis/keys';
import { QueueStore, type LineSpec } from '../../lib/queue/store';
import { mintSessions } from '../../tooling/minted-sessions';
import { randomSecret } from '../../tooling/run-env';
import { insertSale } from '../../tooling/sales';
import type { Instance } from '../../tooling/next-instance';
import type { BenchContext } from '../part';
import { progressBar } from '../progress';

/*
 * What the waiting room stands on: the crowd's accounts (users inserted in PostgreSQL with one shared
 * password hash, sessions minted straight in Redis: no password benchmark), two instances with a key
 * prefix and session secret of their own, and the sales, inserted as the admin's scheduling leaves them
 * (a queued one with its seed) and announced on the sales channel. Joining the line is seeded through
 * the line's own store (QueueStore.join, what POST /api/sales/{id}/queue calls): seeding may bypass the
 * API, the waiting never does.
 */

/** The instances warm a sale's product this long before its start (SALE_PREWARM_SECONDS). */
export const PREWARM_SECONDS = 2;
const MINT_BATCH = 100;
const ATTEMPTS = 3;
const JOINS_AT_ONCE = 50;

export interface Account {
  userId: number;
  /** The session's Cookie header. */
  cookie: string;
  /** Its server: the crowd alternates between the instances, as behind a load balancer. */
  baseURL: string;
}

export interface Product {
  id: number;
  slug: string;
}

export interface RoomStore {
  sql: postgres.Sql;
  /** The run's Redis (the instances' session Redis): the line's keys are read from it, never written. */
  redis: RedisClient;
  publisher: Redis;
  prefix: string;
  instances: Instance[];
  accounts: Account[];
  /** The queued sale's product, and the product of the same sale without a line. */
  lineProduct: Product;
  openProduct: Product;
}

export async function openRoomStore(context: BenchContext, crowd: number): Promise<RoomStore> {
  const prefix = context.keyPrefix('waiting-room');
  const secret = randomSecret();
  const sql = postgres(context.databaseUrl, { max: 2, onnotice: () => {} });
  context.defer('close the waiting room pool', () => sql.end({ timeout: 5 }));
  const publisher = new Redis(context.redisUrl);
  context.defer('close the waiting room publisher', async () => publisher.disconnect());
  const redis = createRedisClient({ target: { url: context.redisUrl } });
  redis.on('error', () => {});
  context.defer('close the waiting room Redis client', async () => redis.disconnect());
  if (!(await waitUntilReady(redis, 10_000))) throw new Error('the run’s Redis is not reachable');

  // The catalog's third and fourth products: the flash-sale part sells the first, sale-opening the second.
  const products = await sql<Product[]>`select id, slug from products order by id offset 2 limit 2`;
  if (products.length < 2) throw new Error('the seeded catalog has fewer than four products');
  const hash = await hashPassword('waiting-room-password');
  const users = await sql<{ id: number }[]>`
    insert into users (email, name, password_hash)
    select 'waiting-' || n || '-' || ${prefix} || '@example.test', 'Waiting shopper ' || n, ${hash}
    from generate_series(1, ${crowd}) as n
    returning id`;
  const env = {
    REDIS_KEY_PREFIX: prefix,
    SESSION_SECRET: secret,
    SALE_PREWARM_SECONDS: String(PREWARM_SECONDS),
  };
  const [cookies, instances] = await Promise.all([
    mint(
      users.map((user) => user.id),
      { prefix, secret, redisUrl: context.redisUrl },
    ),
    Promise.all([context.startInstance(env), context.startInstance(env)]),
  ]);
  const accounts = users.map((user, index) => ({
    userId: user.id,
    cookie: cookies[index]!,
    baseURL: instances[index % instances.length]!.baseURL,
  }));
  return {
    sql,
    redis,
    publisher,
    prefix,
    instances,
    accounts,
    lineProduct: products[0]!,
    openProduct: products[1]!,
  };
}

/** Sessions in batches, each retried: thousands at once miss the 500 ms deadline on a busy machine. */
async function mint(
  userIds: number[],
  options: { prefix: string; secret: string; redisUrl: string },
): Promise<string[]> {
  const bar = progressBar('sessions', userIds.length);
  const cookies: string[] = [];
  for (let start = 0; start < userIds.length; start += MINT_BATCH) {
    const batch = userIds.slice(start, start + MINT_BATCH);
    cookies.push(...(await retried(() => mintSessions(batch, options))));
    bar.update(cookies.length);
  }
  bar.stop();
  return cookies;
}

async function retried<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt === ATTEMPTS) throw error;
    }
  }
}

export interface ScheduledSale {
  saleId: number;
  startsAt: number;
  /** The line's spec and keys; undefined for a sale without a line. */
  line?: { spec: LineSpec; keys: LineKeys };
}

/**
 * Schedules a sale of `product` starting `startsInMs` from now (its units: `units`, limit 1, both of the
 * product's stock), with a line when `activeShoppers` is given, and waits until both instances know it.
 */
export async function scheduleSale(
  store: RoomStore,
  product: Product,
  { units, startsInMs, activeShoppers }: { units: number; startsInMs: number; activeShoppers?: number },
): Promise<ScheduledSale> {
  await store.sql`update products set stock = ${units} where id = ${product.id}`;
  const [regular] = await store.sql<{ price: number }[]>`
    select price_cents as price from products where id = ${product.id}`;
  const startsAt = new Date(Date.now() + startsInMs);
  const endsAt = new Date(startsAt.getTime() + 3_600_000);
  const queue =
    activeShoppers === undefined
      ? undefined
      : { activeShoppers, admissionMinutes: 10, seed: randomBytes(32).toString('hex') };
  const saleId = await insertSale(store.sql, {
    name: queue ? 'Bench drop with a line' : 'Bench drop without a line',
    startsAt,
    endsAt,
    items: [
      {
        productId: product.id,
        salePriceCents: Math.max(1, Math.floor(regular!.price / 2)),
        units,
        perCustomerLimit: 1,
      },
    ],
    queue,
  });
  // What lib/sales publishSaleChange sends: each instance reads the new sale as the message arrives.
  await store.publisher.publish(`${store.prefix}sales:changes`, JSON.stringify({ saleId }));
  for (const instance of store.instances) await untilKnown(instance, saleId);
  const scheduled: ScheduledSale = { saleId, startsAt: startsAt.getTime() };
  if (queue) {
    const spec: LineSpec = {
      saleId,
      startsAt: startsAt.getTime(),
      endsAt: endsAt.getTime(),
      activeShoppers: queue.activeShoppers,
      admissionMinutes: queue.admissionMinutes,
      seed: queue.seed,
    };
    scheduled.line = { spec, keys: queueKeys(store.prefix).line(saleId) };
  }
  return scheduled;
}

async function untilKnown(instance: Instance, saleId: number): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    const response = await fetch(`${instance.baseURL}/api/sales/${saleId}`);
    await response.arrayBuffer();
    if (response.status === 200) return;
    if (attempt === 100) throw new Error(`an instance never learnt sale ${saleId}: ${response.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every account joins the line before its start, through the line's store (one script each). */
export async function joinEveryone(store: RoomStore, sale: ScheduledSale): Promise<void> {
  const line = sale.line!;
  const queue = new QueueStore(store.redis, queueKeys(store.prefix));
  const bar = progressBar('joining the line', store.accounts.length);
  for (let start = 0; start < store.accounts.length; start += JOINS_AT_ONCE) {
    const batch = store.accounts.slice(start, start + JOINS_AT_ONCE);
    // A repeat join answers the same place, so a retried batch changes nothing already done.
    await retried(() => Promise.all(batch.map((account) => queue.join(line.spec, account.userId))));
    bar.update(start + batch.length);
  }
  bar.stop();
  if (Date.now() >= sale.startsAt) throw new Error('the line’s start came before everyone had joined');
}

/** The line's places as Redis holds them: user ids, place 1 first. */
export async function placesOf(store: RoomStore, sale: ScheduledSale): Promise<number[]> {
  const flat = await store.redis.zrange(sale.line!.keys.places, 0, -1, 'WITHSCORES');
  const users: number[] = [];
  for (let at = 0; at + 1 < flat.length; at += 2) {
    const place = Number(flat[at + 1]);
    if (place !== users.length + 1)
      throw new Error(`the line's places skip from ${users.length} to ${place}`);
    users.push(Number(flat[at]));
  }
  return users;
}
