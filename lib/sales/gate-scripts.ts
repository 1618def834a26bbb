import { defineScript } from '../redis/lua';

/*
 * The sale gate's scripts. Each touches one sale item's two keys, which share its hash tag
 * (`sale:{s:<sale>:p:<product>}` and `…:holds`), so every script runs on one Cluster slot.
 *
 * The gate is a hash: `units` (the item's units still sellable as far as Redis knows: the sale's units
 * left, capped by the product's stock, less the units held by checkouts under way), `limit` (the limit per
 * customer), and per user `b:<uid>` (units bought in committed orders) and `h:<uid>` (units held by that
 * user's checkouts under way). A hold is a member `<attempt>:<uid>:<quantity>` of the holds sorted set,
 * scored by the moment it expires (Redis's clock, ms). A checkout that commits moves its hold's units from
 * held to bought; one that fails gives them back to `units`; one that crashed leaves its hold to expire,
 * and the next script to read the item gives back both the units and the user's allowance ("reaping").
 */

// Shared by the scripts that read the gate: gives back the units and allowance of every expired hold.
// Leaves `exists` true when the gate has a value.
const REAP = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local exists = redis.call('EXISTS', KEYS[1]) == 1
if exists then
  local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
  if #expired > 0 then
    for _, member in ipairs(expired) do
      local user, quantity = string.match(member, ':(%d+):(%d+)$')
      redis.call('HINCRBY', KEYS[1], 'units', quantity)
      if redis.call('HINCRBY', KEYS[1], 'h:' .. user, -tonumber(quantity)) <= 0 then
        redis.call('HDEL', KEYS[1], 'h:' .. user)
      end
    end
    redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  end
end
`;

/**
 * Takes `quantity` units for one user's checkout attempt, or refuses. KEYS: gate, holds. ARGV: user id,
 * quantity, hold member (`<attempt>:<uid>:<quantity>`), hold ms.
 * Returns {1, units left} when taken; {0, units left, held} when too few units are left (sold out);
 * {2, limit, bought + held, held} when the user's bought and held units plus `quantity` would pass the
 * limit (`held`: the user's units held by other checkouts under way, perhaps a double-click's first);
 * {-1} when the gate has no value (the caller seeds it from PostgreSQL and asks again).
 * Guarantees: a take succeeds only if units ≥ quantity AND bought + held + quantity ≤ limit, both checked
 * and both taken in one atomic step, however many checkouts of however many instances race; every taken
 * unit and allowance is held until settled or expired; expired holds are given back first.
 */
export const takeSaleScript = defineScript(
  'takeSale',
  `${REAP}
if not exists then return {-1} end
local user = ARGV[1]
local quantity = tonumber(ARGV[2])
local units = tonumber(redis.call('HGET', KEYS[1], 'units'))
local held = tonumber(redis.call('HGET', KEYS[1], 'h:' .. user) or '0')
if units < quantity then return {0, units, held} end
local limit = tonumber(redis.call('HGET', KEYS[1], 'limit'))
local mine = tonumber(redis.call('HGET', KEYS[1], 'b:' .. user) or '0') + held
if mine + quantity > limit then return {2, limit, mine, held} end
local left = redis.call('HINCRBY', KEYS[1], 'units', -quantity)
redis.call('HINCRBY', KEYS[1], 'h:' .. user, quantity)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[3])
-- The holds live as long as the gate: a hold whose set expired first would never give its units back.
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
return {1, left}
`,
);

/**
 * Ends a hold. KEYS: gate, holds. ARGV: hold member, 1 to give the units and allowance back (the order
 * failed) or 0 (it committed: the units stay sold and count as the user's bought). Returns 1 when the hold
 * was still there. Guarantees: a hold is settled at most once, and only if it was neither settled nor
 * reaped before (a gate dropped and re-seeded since holds none of them: PostgreSQL's figures count it).
 */
export const settleSaleScript = defineScript(
  'settleSale',
  `
local removed = redis.call('ZREM', KEYS[2], ARGV[1])
if removed == 1 and redis.call('EXISTS', KEYS[1]) == 1 then
  local user, quantity = string.match(ARGV[1], ':(%d+):(%d+)$')
  if redis.call('HINCRBY', KEYS[1], 'h:' .. user, -tonumber(quantity)) <= 0 then
    redis.call('HDEL', KEYS[1], 'h:' .. user)
  end
  if ARGV[2] == '1' then
    redis.call('HINCRBY', KEYS[1], 'units', quantity)
  else
    redis.call('HINCRBY', KEYS[1], 'b:' .. user, quantity)
  end
end
return removed
`,
);

/**
 * What a cart clamps to, after reaping. KEYS: gate, holds. ARGV: user id (0 for a guest). Returns {units
 * left, limit, bought} (bought in committed orders; 0 for a guest), or false when the gate has no value.
 */
export const readSaleScript = defineScript(
  'readSale',
  `${REAP}
if not exists then return false end
local units = tonumber(redis.call('HGET', KEYS[1], 'units'))
local limit = tonumber(redis.call('HGET', KEYS[1], 'limit'))
local bought = tonumber(redis.call('HGET', KEYS[1], 'b:' .. ARGV[1]) or '0')
return {units, limit, bought}
`,
);

/**
 * Sets the gate from PostgreSQL unless it has a value. KEYS: gate, holds. ARGV: units left (the sale's,
 * capped by the product's stock), limit, expiry (Unix ms), then (user id, bought) pairs.
 * Returns 1 when seeded now, 0 when it had a value. Guarantees: a gate with a value is never overwritten
 * (a racing seeder would erase the holds taken since), and all of it is written in one step: no take ever
 * sees units without the users' bought counts; holds of a gate that was dropped go with it.
 */
export const seedSaleScript = defineScript(
  'seedSale',
  `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[1], 'units', ARGV[1], 'limit', ARGV[2])
for i = 4, #ARGV, 2 do
  redis.call('HSET', KEYS[1], 'b:' .. ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return 1
`,
);
