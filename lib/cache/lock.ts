import { randomUUID } from 'node:crypto';
import type { CacheEntryKeys } from '../redis/keys';
import type { RedisStore } from './store';

/**
 * The cross-process half of stampede protection. One caller per entry (across all instances) holds the
 * lock `SET lock token NX PX ttl` and runs the loader; the others poll with jittered backoff until the
 * value appears. A holder that dies stops renewing, its lock expires, and the waiters race on SET NX
 * again: exactly one wins and loads. A waiter that runs out of patience loads by itself (its write is still
 * checked against the entry's generation, so it can never store an outdated value).
 */

const FIRST_POLL_MS = 15;
const MAX_POLL_MS = 250;

export type LockOutcome =
  | { kind: 'acquired'; token: string; generation: string; waited: boolean }
  /** Another caller stored a usable value (seen in the same step as the lock attempt). */
  | { kind: 'filled'; raw: string; waited: boolean }
  /** Still held by another after `waitMs` (at once when `waitMs` is 0). */
  | { kind: 'busy'; waited: boolean };

export interface LockRequest {
  namespace: string;
  keys: CacheEntryKeys;
  ttlMs: number;
  waitMs: number;
  /** Whether a stored envelope answers the caller (fresh, of the right schema). */
  usable: (raw: string) => boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes the lock, or waits for the value (or the lock) to come free. Store errors propagate. */
export async function acquireOrAwait(store: RedisStore, request: LockRequest): Promise<LockOutcome> {
  const { namespace, keys, ttlMs, usable } = request;
  const token = randomUUID();
  const deadline = Date.now() + request.waitMs;
  let delay = FIRST_POLL_MS;
  let waited = false;
  for (;;) {
    const attempt = await store.acquire(namespace, keys, token, ttlMs);
    if (attempt.raw !== null && usable(attempt.raw)) {
      if (attempt.acquired) await store.releaseLock(namespace, keys.lock, token).catch(() => {});
      return { kind: 'filled', raw: attempt.raw, waited };
    }
    if (attempt.acquired) return { kind: 'acquired', token, generation: attempt.generation, waited };
    // Full jitter on a growing delay: waiters from many instances do not poll in lockstep.
    const pause = delay * (0.5 + Math.random() / 2);
    if (Date.now() + pause > deadline) return { kind: 'busy', waited };
    waited = true;
    await sleep(pause);
    delay = Math.min(delay * 1.5, MAX_POLL_MS);
  }
}

/**
 * Renews the lock every third of its TTL while a loader runs, so a slow load keeps the others waiting
 * instead of letting a second load start. Returns the function that stops renewing. Renewal failures are
 * absorbed: the worst case is a second load, whose write is still generation-checked.
 */
export function keepLockAlive(
  store: RedisStore,
  namespace: string,
  lockKey: string,
  token: string,
  ttlMs: number,
) {
  const timer = setInterval(
    () => {
      store.renewLock(namespace, lockKey, token, ttlMs).then(
        (renewed) => {
          if (!renewed) clearInterval(timer);
        },
        () => {},
      );
    },
    Math.max(10, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return () => clearInterval(timer);
}
