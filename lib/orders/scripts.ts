import { defineScript } from '../redis/lua';

/*
 * The checkout's idempotency record: one string per (user, key), `running:<token>` while a checkout with
 * that key is under way, `done:<order id>:<total cents>` once it placed an order.
 */

/**
 * Claims a key for one checkout, or tells what holds it. KEYS[1]: the record. ARGV: `running:<token>`, TTL
 * ms of a running claim. Returns false when claimed now, else the record's value. Guarantees: of any
 * number of checkouts racing with one key, exactly one claims it (one atomic step).
 */
export const claimAttemptScript = defineScript(
  'claimAttempt',
  `
local current = redis.call('GET', KEYS[1])
if current then return current end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false
`,
);

/**
 * Gives a claim up (a refused attempt is not remembered). KEYS[1]: the record. ARGV[1]: the claim's value.
 * Guarantees: deletes only this checkout's own claim, never a finished record or another's claim.
 */
export const releaseAttemptScript = defineScript(
  'releaseAttempt',
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`,
);
