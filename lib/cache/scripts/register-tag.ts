import { defineScript } from '../../redis/lua';

/**
 * Records that an entry carries a tag, unless the tag was invalidated after the entry's load began.
 *
 * KEYS: the tag's entries (a sorted set), its invalidated-at key. ARGV: the member (the entry, encoded); the
 * oldest invalidation time (ms) the load may have missed: the load's start minus the clock-skew margin; how
 * long the member must be kept (ms): the entry's TTL plus the time its write may still take.
 * Returns this server's time (ms) when registered (the entry may be stored, if written soon enough: see
 * write-if-generation), 0 when the tag was invalidated at or after that time (the load may have read the
 * database before that invalidation's commit: store nothing).
 *
 * Guarantees: registering and reading the invalidation time are one step on the tag's slot, so against a
 * sweep (sweep-tag) either the registration comes first (the sweep finds the member and invalidates the
 * entry) or the sweep does (this script sees its time and refuses). Each member is scored by the time until
 * which its entry may live (by this server's clock; a member registered again keeps the later time), and the
 * set holds only what can still be served: members past their time are dropped at each registration, and
 * the set itself expires with its longest-lived member.
 */
export const registerTagScript = defineScript(
  'register-tag',
  `
local invalidatedAt = tonumber(redis.call('GET', KEYS[2]) or '0')
if invalidatedAt >= tonumber(ARGV[2]) then
  return 0
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now))
redis.call('ZADD', KEYS[1], 'GT', string.format('%d', now + tonumber(ARGV[3])), ARGV[1])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], string.format('%d', tonumber(last[2])))
return now
`,
);
