import { defineScript } from '../../redis/lua';

/**
 * Invalidates a tag: records when, and takes (reads and deletes) the entries stored with it that may still
 * live; the engine then invalidates each of those entries as `invalidate(key)` does.
 *
 * KEYS: the tag's entries (a sorted set, see register-tag), its invalidated-at key. ARGV: now (ms, the
 * invalidating process's clock), the invalidated-at key's TTL (ms). Returns the members.
 *
 * Guarantees: one step on the tag's slot, so no registration (register-tag) falls between reading the set
 * and recording the time. Members whose entries have expired (past their score, by this server's clock) are
 * not returned: there is nothing left to invalidate. The recorded time never moves back (an instance whose
 * clock is behind cannot undo another's later sweep), and it expires long after any load that could
 * compare against it.
 */
export const sweepTagScript = defineScript(
  'sweep-tag',
  `
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
if previous < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
else
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local members = redis.call('ZRANGEBYSCORE', KEYS[1], string.format('%d', now), '+inf')
redis.call('DEL', KEYS[1])
return members
`,
);
