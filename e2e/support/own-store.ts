import { test } from '@playwright/test';
import {
  databaseUrlNamed,
  deleteKeysWithPrefix,
  dropDatabase,
  prepareDatabase,
  randomId,
} from '../../tooling/run-env';
import { e2eEnv } from './run-env';
import { startInstance, type Instance } from './instances';

export interface OwnStore {
  databaseUrl: string;
  prefix: string;
  /** The `next start` processes on them, once the spec's first beforeAll has run. */
  instances: Instance[];
}

/**
 * Registers hooks giving a spec a store of its own: a database seeded with `products`, a key prefix, and
 * `instances` `next start` processes on them, all removed afterwards. For specs that change the catalog or
 * read counters, which the shared web server's other visitors would disturb.
 */
export function withOwnStore(tag: string, options: { products: number; instances: number }): OwnStore {
  const store: OwnStore = {
    databaseUrl: databaseUrlNamed(`storefront_e2e_${tag}_${randomId()}`),
    prefix: `${e2eEnv().REDIS_KEY_PREFIX}${tag}-${randomId()}:`,
    instances: [],
  };
  test.beforeAll(async () => {
    await prepareDatabase(store.databaseUrl, options.products);
    const env = { DATABASE_URL: store.databaseUrl, REDIS_KEY_PREFIX: store.prefix };
    store.instances = await Promise.all(Array.from({ length: options.instances }, () => startInstance(env)));
  });
  test.afterAll(async () => {
    await Promise.all(store.instances.map((instance) => instance.stop()));
    await dropDatabase(store.databaseUrl);
    await deleteKeysWithPrefix(store.prefix);
  });
  return store;
}
