import { afterAll, inject } from 'vitest';

// Runs in each worker before every test file: the run's database, key prefix and secret (made by
// test/global-setup.ts) become the environment that lib/config.ts reads.
Object.assign(process.env, inject('testEnv'));

// The shared pool, Redis client and cache engine (with its bus connection) are opened lazily by whichever
// test needs them; close them so the worker can exit. Each call does nothing when it was never opened.
afterAll(async () => {
  const [{ closeCache }, { closeDb }, { closeRedis }] = await Promise.all([
    import('../lib/cache'),
    import('../lib/db/client'),
    import('../lib/redis/client'),
  ]);
  await closeCache();
  await Promise.all([closeDb(), closeRedis()]);
});
