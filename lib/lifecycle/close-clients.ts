import { closeCache } from '../cache';
import { closeDb } from '../db/client';
import { closeRedis } from '../redis/client';

/** Ends this process's connections: the cache's bus, the Redis client, the PostgreSQL pool. */
export async function closeClients(): Promise<void> {
  await Promise.allSettled([closeCache(), closeRedis(), closeDb()]);
}
