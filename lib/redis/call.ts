import { callDependency } from '../errors';
import { waitForFirstConnection, type RedisClient } from './client';
import { withDeadline } from './deadline';

/** How long a request may wait for a freshly started process's first connection to Redis. */
const FIRST_CONNECTION_MS = 1000;
/** Longest one call may take: a sick Redis must cost a shopper half a second, not the client's backstop. */
const CALL_DEADLINE_MS = 500;

/**
 * Runs commands of sessions, carts and rate limits. The shared client has no offline queue (commands fail
 * at once while Redis is away, rather than pile up), so a process that has just started — whose first
 * connection is still being made — waits for it briefly instead of failing its first requests. A client
 * that lost its connection ('reconnecting') fails fast, and one that does not answer gets 500 ms, judged
 * fairly when this process is busy (./deadline.ts). Failures become UnavailableError (→ 503).
 */
export function callRedis<T>(client: RedisClient, call: () => Promise<T>): Promise<T> {
  return callDependency('redis', async () => {
    await waitForFirstConnection(client, FIRST_CONNECTION_MS);
    return withDeadline(call(), CALL_DEADLINE_MS);
  });
}
