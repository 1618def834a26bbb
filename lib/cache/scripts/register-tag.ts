import { defineScript } from '../../redis/lua';

/**
 * Records that an entry carries a tag, unless the tag was invalidated after the entry's load began.
 *
 * KEYS: the tag's member set, its invalidated-at key. ARGV: the member (the entry, encoded), the oldest
 * invalidation time (ms) the load may have missed: the load's start minus the clock-skew margin; the set's
 * TTL (ms). Returns 1 when registered (the entry may be stored), 0 when the tag was invalidated at or after
 * that time (the load may have read the database before that invalidation's commit: store nothing).
 *
 * Guarantees: registering and reading the invalidation time are one step on the tag's slot, so against a
 * sweep (sweep-tag) either the registration comes first (the sweep finds the member and invalidates the
 * entry) or the sweep does (this script sees its time and refuses). The set always has an expiry, renewed
 * on every addition and longer than any entry lives.
 */
export const registerTagScript = defineScript(
  'register-tag',
  `
local invalidatedAt = tonumber(redis.call('GET', KEYS[2]) or '0')
if invalidatedAt >= tonumber(ARGV[2]) then
  return 0
end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`,
);
