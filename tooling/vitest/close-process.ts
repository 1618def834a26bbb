/**
 * Closes what the code under test opened in this worker, each lazily and only if it was opened: the queue
 * lines' timers, the sale registry's subscription and reloads, the cache engine (with its bus connection),
 * the PostgreSQL pool and the Redis client. After a file (setup-env.ts), and before a file's own database
 * is dropped (own-catalog.ts): a sale registry still reloading would query a database that is gone.
 */
export async function closeProcessClients(): Promise<void> {
  const [{ closeCache }, { closeDb }, { closeRedis }, { closeSaleRegistry }, { closeQueueLines }] =
    await Promise.all([
      import('../../lib/cache'),
      import('../../lib/db/client'),
      import('../../lib/redis/client'),
      import('../../lib/sales/registry'),
      import('../../lib/queue/lines'),
    ]);
  closeQueueLines();
  await closeSaleRegistry();
  await closeCache();
  await Promise.all([closeDb(), closeRedis()]);
}
