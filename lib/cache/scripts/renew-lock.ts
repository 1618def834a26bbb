import { defineScript } from '../../redis/lua';

/**
 * Extends a load lock while its loader still runs, only if it still holds our token (compare-and-pexpire).
 *
 * KEYS: lock. ARGV: token, new TTL (ms). Returns 1 when renewed, 0 when the lock is no longer ours.
 *
 * Guarantees: a slow loader keeps the others waiting instead of letting a second load start, and a holder
 * that lost its lock never extends someone else's.
 */
export const renewLockScript = defineScript(
  'renew-lock',
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`,
);
