import { callDependency } from '../errors';
import { waitUntilReady, type RedisClient } from './client';

/** How long a request may wait for a freshly started process's first connection to Redis. */
const FIRST_CONNECTION_MS = 1000;
const CONNECTING = new Set(['wait', 'connecting', 'connect']);

/**
 * Runs commands of sessions, carts and rate limits. The shared client has no offline queue (commands fail
 * at once while Redis is away, rather than pile up), so a process that has just started — whose first
 * connection is still being made — waits for it briefly instead of failing its first requests. A client
 * that lost its connection ('reconnecting') fails fast. Failures become UnavailableError (→ 503).
 */
export function callRedis<T>(client: RedisClient, call: () => Promise<T>): Promise<T> {
  return callDependency('redis', async () => {
    if (CONNECTING.has(client.status)) await waitUntilReady(client, FIRST_CONNECTION_MS);
    return call();
  });
}
