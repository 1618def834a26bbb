import type { TestProject } from 'vitest/node';
import {
  databaseUrlNamed,
  deleteKeysWithPrefix,
  dropDatabase,
  prepareDatabase,
  randomId,
  randomSecret,
} from '../run-env';

/** Products seeded for the run: three listing pages of 24. */
const SEEDED_PRODUCTS = 60;

export interface TestEnv {
  DATABASE_URL: string;
  REDIS_KEY_PREFIX: string;
  SESSION_SECRET: string;
  NODE_ENV: 'test';
}

declare module 'vitest' {
  export interface ProvidedContext {
    testEnv: TestEnv;
  }
}

/**
 * Runs once, in vitest's main process, before any worker starts: makes the run's database (migrated and
 * seeded) and key prefix, and tears both down after the last test.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const id = randomId();
  const env: TestEnv = {
    DATABASE_URL: databaseUrlNamed(`storefront_test_${id}`),
    REDIS_KEY_PREFIX: `test:${id}:`,
    SESSION_SECRET: randomSecret(),
    NODE_ENV: 'test',
  };
  // Both routes to the workers: they fork after this with a copy of process.env, and
  // tooling/vitest/setup-env.ts also copies the provided values in (whatever the pool does with the environment).
  Object.assign(process.env, env);
  project.provide('testEnv', env);

  try {
    await prepareDatabase(env.DATABASE_URL, SEEDED_PRODUCTS);
  } catch (error) {
    await dropDatabase(env.DATABASE_URL).catch(() => {});
    throw error;
  }

  return async () => {
    await dropDatabase(env.DATABASE_URL);
    await deleteKeysWithPrefix(env.REDIS_KEY_PREFIX);
  };
}
