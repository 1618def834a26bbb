import Redis from 'ioredis';
import postgres from 'postgres';
import { hashPassword } from '../../lib/auth/password';
import { mintSessions } from '../../tooling/minted-sessions';
import { randomSecret } from '../../tooling/run-env';
import { insertSale } from '../../tooling/sales';
import type { Instance } from '../../tooling/next-instance';
import type { BenchContext } from '../part';

/*
 * What the sale opening stands on: a product of the run's catalog with twice the sale's units in stock (the
 * sale's units are the cap, as a real drop's would be), two instances with a key prefix and session secret
 * of their own and a short prewarm, the crowd's signed-in sessions minted in Redis, and the sale, inserted
 * as the admin's scheduling leaves it and announced on the sales channel.
 */

/** The instances warm the sale's product this long before the start (SALE_PREWARM_SECONDS). */
export const PREWARM_SECONDS = 5;

export interface OpeningStore {
  databaseUrl: string;
  sql: postgres.Sql;
  publisher: Redis;
  prefix: string;
  instances: Instance[];
  product: { id: number; slug: string };
  cookies: string[];
}

const MINT_BATCH = 100;

export async function openOpeningStore(context: BenchContext, shoppers: number): Promise<OpeningStore> {
  const prefix = context.keyPrefix('sale-opening');
  const secret = randomSecret();
  const sql = postgres(context.databaseUrl, { max: 2, onnotice: () => {} });
  context.defer('close the sale opening pool', () => sql.end({ timeout: 5 }));
  const publisher = new Redis(context.redisUrl);
  context.defer('close the sale opening publisher', async () => publisher.disconnect());
  // The catalog's second product: the flash-sale part sells the first.
  const [product] = await sql<{ id: number; slug: string }[]>`
    select id, slug from products order by id offset 1 limit 1`;
  if (!product) throw new Error('the seeded catalog has fewer than two products');
  const hash = await hashPassword('sale-opening-password');
  const users = await sql<{ id: number }[]>`
    insert into users (email, name, password_hash)
    select 'opening-' || n || '-' || ${prefix} || '@example.test', 'Opening shopper ' || n, ${hash}
    from generate_series(1, ${shoppers}) as n
    returning id`;
  const cookies: string[] = [];
  for (let start = 0; start < users.length; start += MINT_BATCH) {
    const batch = users.slice(start, start + MINT_BATCH).map((user) => user.id);
    cookies.push(...(await mintSessions(batch, { prefix, secret, redisUrl: context.redisUrl })));
  }
  const env = {
    REDIS_KEY_PREFIX: prefix,
    SESSION_SECRET: secret,
    SALE_PREWARM_SECONDS: String(PREWARM_SECONDS),
  };
  const instances = await Promise.all([context.startInstance(env), context.startInstance(env)]);
  return { databaseUrl: context.databaseUrl, sql, publisher, prefix, instances, product, cookies };
}

/** Schedules the sale `startsInMs` from now and tells every instance (one PUBLISH). */
export async function scheduleSale(store: OpeningStore, units: number, startsInMs: number): Promise<number> {
  await store.sql`update products set stock = ${units * 2} where id = ${store.product.id}`;
  const [regular] = await store.sql<{ price: number }[]>`
    select price_cents as price from products where id = ${store.product.id}`;
  const saleId = await insertSale(store.sql, {
    name: 'Bench drop',
    startsAt: new Date(Date.now() + startsInMs),
    endsAt: new Date(Date.now() + 3_600_000),
    items: [
      {
        productId: store.product.id,
        salePriceCents: Math.max(1, Math.floor(regular!.price / 2)),
        units,
        perCustomerLimit: 1,
      },
    ],
  });
  await publishChange(store, saleId);
  // Each instance reads the new sale as the message arrives: wait until both know it.
  for (const instance of store.instances) {
    for (let attempt = 0; ; attempt += 1) {
      const response = await fetch(`${instance.baseURL}/api/sales/${saleId}/events`);
      await response.body?.cancel();
      if (response.status === 200) break;
      if (attempt === 100) throw new Error(`an instance never learnt sale ${saleId}: ${response.status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return saleId;
}

/** What lib/sales publishSaleChange sends. */
export function publishChange(store: OpeningStore, saleId: number): Promise<number> {
  return store.publisher.publish(`${store.prefix}sales:changes`, JSON.stringify({ saleId }));
}

/** Shopper or watcher `index`'s server: they alternate between the instances, as behind a load balancer. */
export function baseUrlFor(store: OpeningStore, index: number): string {
  return store.instances[index % store.instances.length]!.baseURL;
}
