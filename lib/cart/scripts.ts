import { defineScript } from '../redis/lua';

/*
 * Cart writes that must read before they write, done inside Redis so that concurrent requests (two tabs,
 * two instances) cannot interleave. Each touches one cart hash only: never two hash tags, so they run on a
 * Redis Cluster as they are.
 */

/**
 * Adds to one line without passing a cap. KEYS[1]: the cart hash. ARGV: product id, quantity to add, cap
 * (min(99, stock)), TTL ms. Returns {quantity now, quantity asked for before the cap}.
 * Guarantees: the line never exceeds the cap, however many adds race (each HINCRBY and its clamp run as
 * one step); the cart's TTL is renewed by every write.
 */
export const addToLineScript = defineScript(
  'addToLine',
  `
local asked = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
local cap = tonumber(ARGV[3])
local quantity = asked
if asked > cap then
  quantity = cap
  redis.call('HSET', KEYS[1], ARGV[1], cap)
end
if quantity <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {quantity, asked}
`,
);

/**
 * Merges a guest cart into a user's. KEYS[1]: the user's cart hash. ARGV: TTL ms, then (product id,
 * quantity, cap) triples. Guarantees: all lines land together or none (one atomic script); each line is
 * the sum of both carts, clamped to its cap; the TTL is renewed.
 */
export const mergeLinesScript = defineScript(
  'mergeLines',
  `
for i = 2, #ARGV, 3 do
  local sum = redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
  local cap = tonumber(ARGV[i + 2])
  if sum > cap then redis.call('HSET', KEYS[1], ARGV[i], cap) end
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
`,
);
