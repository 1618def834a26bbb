import { afterAll, inject } from 'vitest';

// Runs in each worker before every test file: the run's database, key prefix and secret (made by
// test/global-setup.ts) become the environment that lib/config.ts reads.
Object.assign(process.env, inject('testEnv'));

// The shared pool and Redis client are opened lazily by whichever test needs them; close them so the
// worker can exit. Both calls do nothing when the connection was never opened.
afterAll(async () => {
  const [{ closeDb }, { closeRedis }] = await Promise.all([
    import('../lib/db/client'),
    import('../lib/redis/client'),
  ]);
  await Promise.all([closeDb(), closeRedis()]);
});
