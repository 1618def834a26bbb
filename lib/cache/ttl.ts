/**
 * How long entries live. An entry's Redis TTL is its hard expiry: `ttl ± jitter` (so keys written together
 * do not expire together). The last `stale` seconds of that life are the stale window, in which a read
 * answers the old value at once and refreshes it in the background, and in which a failing loader is
 * covered by the old value (fail-safe). Brief entries (a "not found", or what the caller marks brief: the
 * endless families a stranger can vary, such as searches) live a short, lightly jittered TTL and are never
 * served stale.
 */

export interface TtlPolicy {
  ttlMs: number;
  jitterMs: number;
  staleMs: number;
  /** The life of a brief entry (± 10 %). */
  briefTtlMs: number;
}

export interface Expiry {
  softExpiresAt: number;
  hardExpiresAt: number;
  /** The Redis TTL (PX) to write with: always at least 1 ms, so no key is ever written without expiry. */
  px: number;
}

/** `base` ± a uniformly random amount up to `jitter`, never below 1 ms. */
export function jittered(baseMs: number, jitterMs: number, random: () => number = Math.random): number {
  return Math.max(1, Math.round(baseMs + (random() * 2 - 1) * jitterMs));
}

export function expiryFor(brief: boolean, policy: TtlPolicy, now: number): Expiry {
  if (brief) {
    const px = jittered(policy.briefTtlMs, policy.briefTtlMs / 10);
    return { softExpiresAt: now + px, hardExpiresAt: now + px, px };
  }
  const px = jittered(policy.ttlMs, policy.jitterMs);
  return { softExpiresAt: now + Math.max(0, px - policy.staleMs), hardExpiresAt: now + px, px };
}

/** Checks a policy once, at construction, so a bad setting fails loudly instead of caching nothing. */
export function validatePolicy(policy: TtlPolicy): TtlPolicy {
  const { ttlMs, jitterMs, staleMs, briefTtlMs } = policy;
  if (!(ttlMs > 0) || !(briefTtlMs > 0)) throw new RangeError('cache TTLs must be positive');
  if (!(jitterMs >= 0) || jitterMs >= ttlMs) throw new RangeError('cache TTL jitter must be in [0, ttl)');
  if (!(staleMs >= 0) || staleMs >= ttlMs - jitterMs) {
    throw new RangeError('cache stale window must be shorter than the shortest TTL (ttl - jitter)');
  }
  return policy;
}

/** The default stale window: half the shortest TTL, at most 10 minutes. */
export function defaultStaleMs(ttlMs: number, jitterMs: number): number {
  return Math.min(600_000, Math.floor((ttlMs - jitterMs) / 2));
}
