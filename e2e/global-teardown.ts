import { deleteKeysWithPrefix, dropDatabase } from '../test/run-env';
import { e2eEnv } from './run-env';

/** Removes the run's database (the server may still hold connections: `with (force)`) and its keys. */
export default async function globalTeardown(): Promise<void> {
  const env = e2eEnv();
  await Promise.all([dropDatabase(env.DATABASE_URL), deleteKeysWithPrefix(env.REDIS_KEY_PREFIX)]);
}
