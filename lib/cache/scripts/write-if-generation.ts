import { defineScript } from '../../redis/lua';

/**
 * Stores a freshly loaded entry unless the entry was invalidated since its load began, and releases the
 * load lock if this load still holds it.
 *
 * KEYS: value, generation, lock. ARGV: the generation read when the load began, the envelope, its TTL (ms),
 * the lock token ('' when the load ran without the lock), and optionally the latest time (ms, by this
 * server's clock) the write may happen: a tagged entry's registrations hold its tag members that long past
 * its TTL (register-tag), so a write that comes later (a Redis frozen between the two) is refused rather
 * than leave an entry its tags no longer list.
 * Returns 1 when stored, 0 when refused.
 *
 * Guarantees: no stale set (an invalidation bumps the generation, so a load that read the database before
 * the invalidation can never write its value back afterwards, as memcache leases do); the value always has
 * an expiry (SET PX); a tagged entry never outlives its tag members; writing and releasing are one step, so
 * waiters never see the lock gone without the value in place.
 */
export const writeIfGenerationScript = defineScript(
  'write-if-generation',
  `
local stored = 0
local inTime = true
if ARGV[5] and ARGV[5] ~= '' then
  local time = redis.call('TIME')
  inTime = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) <= tonumber(ARGV[5])
end
if inTime and (redis.call('GET', KEYS[2]) or '0') == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  stored = 1
end
if ARGV[4] ~= '' and redis.call('GET', KEYS[3]) == ARGV[4] then
  redis.call('DEL', KEYS[3])
end
return stored
`,
);
