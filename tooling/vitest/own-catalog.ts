import { afterAll, beforeAll } from 'vitest';
import { closeProcessClients } from './close-process';
import { databaseUrlNamed, deleteKeysWithPrefix, dropDatabase, prepareDatabase, randomId } from '../run-env';

/**
 * Registers hooks giving a Vitest file its own seeded database and key prefix, removed afterwards: for
 * files that change catalog rows, so the run's shared catalog stays as the other files expect it.
 * (tooling/vitest/setup-env.ts puts the run's own values back before the next file.)
 */
export function withOwnCatalog(tag: string, products = 30): void {
  const databaseUrl = databaseUrlNamed(`storefront_test_${tag}_${randomId()}`);
  const prefix = `${process.env.REDIS_KEY_PREFIX}${tag}-${randomId()}:`;
  beforeAll(async () => {
    await prepareDatabase(databaseUrl, products);
    process.env.DATABASE_URL = databaseUrl;
    process.env.REDIS_KEY_PREFIX = prefix;
  });
  afterAll(async () => {
    // Everything that could still reach the database first (the sale registry reloads on a timer).
    await closeProcessClients();
    await dropDatabase(databaseUrl);
    await deleteKeysWithPrefix(prefix);
  });
}
