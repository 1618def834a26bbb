import { defineScript } from '../redis/lua';

/*
 * Cart writes that must read before they write, done inside Redis so that concurrent requests (two tabs,
 * two instances) cannot interleave. Each touches one cart hash only: never two hash tags, so they run on a
 * Redis Cluster as they are.
 */

/**
 * Adds to one line without passing a cap. KEYS[1]: the cart hash. ARGV: product id, quantity to add, cap
 * (min(99, stock, a sale's allowance)), TTL ms, most lines, most of one product (99). Returns {quantity now,
 * quantity asked for before the cap}; {-1, -1} when the product is not in the cart and the cart already
 * holds the most lines, and {-2, quantity now} when the line would pass the most of one product (nothing
 * written either way). Guarantees: the line never exceeds the cap and the cart never exceeds the most
 * lines, however many adds race (the checks, the HINCRBY and its clamp run as one step); the cart's TTL is
 * renewed by every write.
 */
export const addToLineScript = defineScript(
  'addToLine',
  `
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if current == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[5]) then
  return {-1, -1}
end
if current + tonumber(ARGV[2]) > tonumber(ARGV[6]) then
  return {-2, current}
end
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
 * Sets one line (the caller has clamped the quantity, ≥ 1). KEYS[1]: the cart hash. ARGV: product id,
 * quantity, TTL ms, most lines. Returns 1, or 0 when the product is not in the cart and the cart already
 * holds the most lines (nothing written). Guarantees: as addToLine's, for a quantity set outright.
 */
export const setLineScript = defineScript(
  'setLine',
  `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`,
);

/**
 * Merges a guest cart into a user's. KEYS[1]: the user's cart hash. ARGV: TTL ms, most lines, then
 * (product id, quantity, cap) triples. Returns how many of the guest's lines were left out.
 * Guarantees: all lines land together or none (one atomic script); a line both carts hold is their sum,
 * clamped to its cap; a line only the guest's holds lands while the cart has room for it, and is left out
 * once it holds the most lines (a login never fails for a full cart); the TTL is renewed.
 */
export const mergeLinesScript = defineScript(
  'mergeLines',
  `
local most = tonumber(ARGV[2])
local left = 0
for i = 3, #ARGV, 3 do
  if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 1 or redis.call('HLEN', KEYS[1]) < most then
    local sum = redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1])
    local cap = tonumber(ARGV[i + 2])
    if sum > cap then redis.call('HSET', KEYS[1], ARGV[i], cap) end
  else
    left = left + 1
  end
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return left
`,
);
