import { defineScript } from '../../redis/lua';

/**
 * Moves a versioned namespace to a new version, so every entry stored under an older one is never read
 * again (those entries expire by their own TTL; nothing is scanned or deleted).
 *
 * KEYS: the namespace version key. ARGV: its TTL (ms). Returns the new version.
 *
 * Guarantees: versions only grow, even across the key's expiry: the new version is at least the server's
 * clock in ms, so a version that expired and restarts can never reuse a number whose entries still live.
 * The key expires (its TTL outlives every entry written under it).
 */
export const bumpNamespaceScript = defineScript(
  'bump-namespace',
  `
local version = redis.call('INCR', KEYS[1])
local time = redis.call('TIME')
local floor = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if version < floor then
  version = floor
  redis.call('SET', KEYS[1], string.format('%d', version))
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return version
`,
);
