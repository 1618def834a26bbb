import postgres from 'postgres';
import { startNextInstance, type Instance } from '../../tooling/next-instance';
import {
  databaseUrlNamed,
  deleteKeysWithPrefix,
  dropDatabase,
  prepareDatabase,
  randomId,
  randomSecret,
} from '../../tooling/run-env';
import type { Cleanup } from '../cleanup';

/** A store of the benchmark's own: database, key prefix, secret, two servers, and the product on sale. */
export interface BenchStore {
  databaseUrl: string;
  prefix: string;
  secret: string;
  /** The instances' Redis; unset: REDIS_URL, as they read it. */
  redisUrl?: string;
  sql: postgres.Sql;
  instances: Instance[];
  product: { id: number; slug: string };
}

const CATALOG_PRODUCTS = 20;
const INSTANCES = 2;

export async function openStore(units: number, cleanup: Cleanup): Promise<BenchStore> {
  const id = randomId();
  const databaseUrl = databaseUrlNamed(`storefront_bench_checkout_${id}`);
  const prefix = `bench:checkout-${id}:`;
  const secret = randomSecret();
  // Registered before they exist, so a failure halfway through still removes what was made.
  cleanup.defer('drop database', () => dropDatabase(databaseUrl));
  cleanup.defer('delete Redis keys', () => deleteKeysWithPrefix(prefix));
  await prepareDatabase(databaseUrl, CATALOG_PRODUCTS);
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  cleanup.defer('close PostgreSQL pool', () => sql.end({ timeout: 5 }));
  const product = await putOnSale(sql, units);
  const env = { DATABASE_URL: databaseUrl, REDIS_KEY_PREFIX: prefix, SESSION_SECRET: secret };
  const instances = await startInstances(env, cleanup);
  return { databaseUrl, prefix, secret, sql, instances, product };
}

/** The catalog's first product, with exactly `units` in stock, as e2e/flash-sale.spec.ts sets it up. */
export async function putOnSale(sql: postgres.Sql, units: number): Promise<BenchStore['product']> {
  const [product] = await sql<{ id: number; slug: string }[]>`
    update products set stock = ${units}
    where id = (select min(id) from products)
    returning id, slug`;
  if (!product) throw new Error('the seeded catalog is empty');
  return product;
}

/** Both at once; each is stopped at cleanup, including when the other failed to start. */
async function startInstances(env: Record<string, string>, cleanup: Cleanup): Promise<Instance[]> {
  const started = await Promise.allSettled(
    Array.from({ length: INSTANCES }, async () => {
      const instance = await startNextInstance(env);
      cleanup.defer('stop next start', () => instance.stop());
      return instance;
    }),
  );
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  return started.map((result) => (result as PromiseFulfilledResult<Instance>).value);
}
