import { defineScript } from '../../redis/lua';

/**
 * Counts one brief entry against its namespace's budget for the minute, and says whether it may be stored.
 *
 * KEYS: the namespace's budget hash for this minute. ARGV: the entry's size (bytes), the minute's entry
 * limit, its byte limit, the hash's TTL (ms). Returns 1 when admitted (store it), 0 when over (do not).
 *
 * Guarantees: counting and deciding are one step, so however many instances store at once no more than the
 * limits are admitted in a minute. A refused entry counts too (the minute stays over once it is). The hash
 * always has an expiry, set when the minute's first entry creates it.
 */
export const admitBriefScript = defineScript(
  'admit-brief',
  `
local entries = redis.call('HINCRBY', KEYS[1], 'n', 1)
local bytes = redis.call('HINCRBY', KEYS[1], 'b', ARGV[1])
if entries == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
if entries > tonumber(ARGV[2]) or bytes > tonumber(ARGV[3]) then
  return 0
end
return 1
`,
);
