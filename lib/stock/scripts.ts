import { defineScript } from '../redis/lua';

/*
 * The stock gate's scripts. Each touches one product's two keys, which share its hash tag
 * (`stock:{p:<id>}` and `stock:{p:<id>}:holds`), so every script runs on one Cluster slot.
 *
 * The gate counts the units still sellable as far as Redis knows: PostgreSQL's stock, less the units held
 * by checkouts under way. A hold is a member `<attempt>:<quantity>` of the holds sorted set, scored by the
 * moment it expires (Redis's clock, ms). A checkout that commits removes its hold (the units stay taken); one
 * that fails removes it and gives the units back; one that crashed leaves it to expire, and the next script
 * to touch the product gives its units back ("reaping"). So a crash between the gate and the commit costs
 * the shop nothing once the hold has expired.
 */

// Shared by the scripts that read the gate: gives back the units of every expired hold. Leaves `stock`
// (the gate's value after reaping) set, or nil when the gate has no value.
const REAP = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local stock = redis.call('GET', KEYS[1])
if stock then
  stock = tonumber(stock)
  local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
  if #expired > 0 then
    local back = 0
    for _, member in ipairs(expired) do back = back + tonumber(string.match(member, ':(%d+)$')) end
    redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
    stock = redis.call('INCRBY', KEYS[1], back)
  end
end
`;

/**
 * Takes `quantity` units for one checkout attempt, or refuses. KEYS: gate, holds. ARGV: quantity, attempt
 * member (`<attempt>:<quantity>`), hold ms, gate TTL ms (renewed: a product sells, its gate lives on). Returns {1, left} when taken, {0, available} when refused,
 * {-1, 0} when the gate has no value yet (the caller seeds it from PostgreSQL and asks again).
 * Guarantees: units are taken only while enough remain, however many checkouts race (one atomic step);
 * every taken unit is held until settled or expired; expired holds are given back first.
 */
export const takeStockScript = defineScript(
  'takeStock',
  `${REAP}
if not stock then return {-1, 0} end
local quantity = tonumber(ARGV[1])
if stock < quantity then return {0, stock} end
local left = redis.call('DECRBY', KEYS[1], quantity)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[3]) * 4)
return {1, left}
`,
);

/**
 * Ends a hold. KEYS: gate, holds. ARGV: attempt member, 1 to give the units back (the order failed) or 0
 * (it committed). Returns 1 when the hold was still there. Guarantees: units go back at most once, and only
 * for a hold that was neither settled nor reaped before (a gate re-seeded since holds none of them).
 */
export const settleStockScript = defineScript(
  'settleStock',
  `
local removed = redis.call('ZREM', KEYS[2], ARGV[1])
if removed == 1 and ARGV[2] == '1' and redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('INCRBY', KEYS[1], tonumber(string.match(ARGV[1], ':(%d+)$')))
end
return removed
`,
);

/**
 * The gate's value after reaping, or false when it has none. KEYS: gate, holds. What a shopper is shown as
 * the live stock.
 */
export const peekStockScript = defineScript(
  'peekStock',
  `${REAP}
if not stock then return false end
return stock
`,
);

/**
 * Sets the gate from PostgreSQL's stock unless another caller did first. KEYS: gate, holds. ARGV: stock,
 * TTL ms. Returns the gate's value. Guarantees: a gate with a value is never overwritten (a racing seeder
 * would erase the holds taken since); seeding drops holds of a gate that expired, whose units PostgreSQL's
 * stock already counts as sellable.
 */
export const seedStockScript = defineScript(
  'seedStock',
  `
local current = redis.call('GET', KEYS[1])
if current then return tonumber(current) end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('DEL', KEYS[2])
return tonumber(ARGV[1])
`,
);

/**
 * The gate's value and the units its live holds keep, after reaping: {value, held}, or {-1, 0} when it has
 * no value. KEYS: gate, holds. What the drift check (./drift.ts) compares with PostgreSQL's stock.
 */
export const gateStateScript = defineScript(
  'gateState',
  `${REAP}
if not stock then return {-1, 0} end
local held = 0
for _, member in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  held = held + tonumber(string.match(member, ':(%d+)$'))
end
return {stock, held}
`,
);
