import { defineScript } from '../redis/lua';

/*
 * Both scripts take their clock from Redis (TIME), not from the calling process: every instance behind the
 * load balancer then measures idle and absolute time on one clock, however far their own clocks drift.
 * Each touches one key (the session hash), so it runs on a Redis Cluster unchanged.
 */

/**
 * Creates a session. KEYS[1]: the new session hash. ARGV: idle ms, absolute ms, user id ('' for a guest),
 * role ('' for a guest), '1' to keep it signed in ("Keep me signed in": the idle limit is the absolute one;
 * field 'k') or ''. Returns the creation time (ms), or false if the key exists (a 256-bit token
 * colliding: never in practice, but a session must never be handed to two browsers).
 * Guarantees: the hash is written whole with its TTL in one step, so no reader sees it without an expiry.
 */
export const createSessionScript = defineScript(
  'createSession',
  `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
redis.call('HSET', KEYS[1], 'c', now, 't', now)
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'u', ARGV[3], 'r', ARGV[4]) end
local idle = tonumber(ARGV[1])
if ARGV[5] == '1' then
  redis.call('HSET', KEYS[1], 'k', 1)
  idle = tonumber(ARGV[2])
end
redis.call('PEXPIRE', KEYS[1], math.min(idle, tonumber(ARGV[2])))
return now
`,
);

/**
 * Reads a session and keeps it alive. KEYS[1]: the session hash. ARGV: idle ms, absolute ms, refresh-after
 * ms. Returns false when there is no live session; otherwise {user id or '', role or '', created-at ms,
 * remaining TTL ms, 1 if the expiry was slid now else 0, 1 if kept signed in else 0}. A session kept signed
 * in ('k') has the absolute limit as its idle limit.
 * Guarantees:
 * - a session past its idle or absolute limit is deleted and never returned, even if Redis has not yet
 *   expired the key itself (a restored snapshot, a lagging expiry);
 * - the expiry slides at most once per refresh-after (a tenth of the idle time: "lazily", yet often
 *   enough for any idle setting), and never beyond created-at + absolute;
 * - a session deleted meanwhile (logout on another instance) is never written back: the refresh happens
 *   only after reading the whole hash in the same atomic step.
 */
export const touchSessionScript = defineScript(
  'touchSession',
  `
local fields = redis.call('HMGET', KEYS[1], 'u', 'r', 'c', 't', 'k')
local created = tonumber(fields[3])
local refreshed = tonumber(fields[4])
if not created or not refreshed then
  redis.call('DEL', KEYS[1])
  return false
end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local idle = tonumber(ARGV[1])
local kept = fields[5] and 1 or 0
if kept == 1 then idle = tonumber(ARGV[2]) end
local ends = created + tonumber(ARGV[2])
if now >= ends or now - refreshed >= idle then
  redis.call('DEL', KEYS[1])
  return false
end
local slid = 0
if now - refreshed >= tonumber(ARGV[3]) then
  redis.call('HSET', KEYS[1], 't', now)
  redis.call('PEXPIRE', KEYS[1], math.min(idle, ends - now))
  slid = 1
end
return {fields[1] or '', fields[2] or '', fields[3], redis.call('PTTL', KEYS[1]), slid, kept}
`,
);
