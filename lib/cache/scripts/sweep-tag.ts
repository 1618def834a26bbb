import { defineScript } from '../../redis/lua';

/**
 * Invalidates a tag: records when, and takes (reads and deletes) the set of the entries stored with it; the
 * engine then invalidates each of those entries as `invalidate(key)` does.
 *
 * KEYS: the tag's member set, its invalidated-at key. ARGV: now (ms, the invalidating process's clock), the
 * invalidated-at key's TTL (ms). Returns the members.
 *
 * Guarantees: one step on the tag's slot, so no registration (register-tag) falls between reading the set
 * and recording the time. The recorded time never moves back (an instance whose clock is behind cannot
 * undo another's later sweep), and it expires long after any load that could compare against it.
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
local members = redis.call('SMEMBERS', KEYS[1])
redis.call('DEL', KEYS[1])
return members
`,
);
