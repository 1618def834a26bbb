import { defineScript } from '../redis/lua';

/*
 * The line's scripts. Each takes one sale's five keys, in this order (lib/redis/keys.ts, `queueKeys`):
 * KEYS[1] joined, KEYS[2] early, KEYS[3] places, KEYS[4] state, KEYS[5] active. They share the hash tag
 * {q:<sale>}, so every script runs on one Cluster slot. Times are Redis's clock (ms), so every instance
 * agrees on who joined before the start.
 */

const NOW = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
`;

// Every write renews the five keys' expiry: an hour after the sale's end (ARGV names which argument).
const expireAll = (arg: string) => `
for i = 1, 5 do redis.call('PEXPIREAT', KEYS[i], ${arg}) end
`;

/**
 * Joins one account. ARGV: user id, the sale's start (ms), the keys' expiry (ms).
 * Returns {1, joinedAt} for a new place, {0, joinedAt} for an account already in line (one place each).
 * Before the start the account goes to the early set (placed by the draw); from the start on, it takes the
 * next place after every early joiner and every earlier late one.
 */
export const joinLineScript = defineScript(
  'joinLine',
  `${NOW}
local user = ARGV[1]
local joined = redis.call('HGET', KEYS[1], user)
if joined then return {0, tonumber(joined)} end
redis.call('HSET', KEYS[1], user, now)
if now < tonumber(ARGV[2]) then
  redis.call('SADD', KEYS[2], user)
else
  local late = redis.call('HINCRBY', KEYS[4], 'late', 1)
  redis.call('ZADD', KEYS[3], redis.call('SCARD', KEYS[2]) + late, user)
end
${expireAll('ARGV[3]')}
return {1, now}
`,
);

/**
 * Places the early joiners in the order given (the seeded shuffle, computed by the caller: Lua has no
 * SHA-256). ARGV: the sale's start (ms), the keys' expiry (ms), n, then n user ids in line order.
 * Returns 1 when the places are drawn (now or before: a second instance's draw changes nothing), -1 before
 * the start, -2 when the early set does not hold exactly n accounts (someone joined after the caller read
 * it, before the start: read it again). Once Redis's clock passes the start no account can join the early
 * set, so a draw made then is final.
 */
export const drawLineScript = defineScript(
  'drawLine',
  `${NOW}
if redis.call('HEXISTS', KEYS[4], 'drawn') == 1 then return 1 end
if now < tonumber(ARGV[1]) then return -1 end
local n = tonumber(ARGV[3])
if redis.call('SCARD', KEYS[2]) ~= n then return -2 end
for i = 1, n do redis.call('ZADD', KEYS[3], i, ARGV[3 + i]) end
redis.call('HSET', KEYS[4], 'drawn', n)
${expireAll('ARGV[2]')}
return 1
`,
);

/**
 * The line's heartbeat, and a holder's release. ARGV: activeShoppers, admission ms, sold out (1/0), the
 * keys' expiry (ms), a user whose admission ends now ('' for none: the holder placed their order).
 * Ends expired admissions, then gives each free admission to the next place (none once sold out), and
 * answers where the line stands:
 *   {0, now} before the draw;
 *   {1, now, front, total, n, <n pairs: user, joinedAt of those admitted now>, <pairs: user, expiry of
 *   every admission held>}.
 * `front` is the last place admitted ("admitted through place N"); `total` the places in line.
 */
export const advanceLineScript = defineScript(
  'advanceLine',
  `${NOW}
if ARGV[5] ~= '' then redis.call('ZREM', KEYS[5], ARGV[5]) end
if redis.call('HEXISTS', KEYS[4], 'drawn') == 0 then return {0, now} end
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now)
local front = tonumber(redis.call('HGET', KEYS[4], 'front') or '0')
local total = redis.call('ZCARD', KEYS[3])
local admitted = {}
if ARGV[3] == '0' then
  local free = tonumber(ARGV[1]) - redis.call('ZCARD', KEYS[5])
  local expiry = now + tonumber(ARGV[2])
  while free > 0 and front < total do
    front = front + 1
    local user = redis.call('ZRANGEBYSCORE', KEYS[3], front, front, 'LIMIT', 0, 1)[1]
    if user then
      redis.call('ZADD', KEYS[5], expiry, user)
      admitted[#admitted + 1] = user
      admitted[#admitted + 1] = redis.call('HGET', KEYS[1], user)
      free = free - 1
    end
  end
  if #admitted > 0 then
    redis.call('HSET', KEYS[4], 'front', front)
    redis.call('HINCRBY', KEYS[4], 'admitted', #admitted / 2)
    ${expireAll('ARGV[4]')}
  end
end
local reply = {1, now, front, total, #admitted / 2}
for _, value in ipairs(admitted) do reply[#reply + 1] = value end
for _, value in ipairs(redis.call('ZRANGE', KEYS[5], 0, -1, 'WITHSCORES')) do reply[#reply + 1] = value end
return reply
`,
);

/**
 * One account's standing. ARGV: user id. Returns {0} for an account not in line, else {1, joinedAt, place}
 * with place -1 until the draw (an early joiner).
 */
export const lookupLineScript = defineScript(
  'lookupLine',
  `
local joined = redis.call('HGET', KEYS[1], ARGV[1])
if not joined then return {0} end
local place = redis.call('ZSCORE', KEYS[3], ARGV[1])
return {1, tonumber(joined), place and tonumber(place) or -1}
`,
);
