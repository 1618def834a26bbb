import { defineScript } from '../../redis/lua';

/**
 * Takes an entry's load lock, and in the same atomic step reads the entry and its generation.
 *
 * KEYS: value, generation, lock. ARGV: token, lock TTL (ms).
 * Returns { acquired (1|0), the value or nil, the generation ('0' when never invalidated) }.
 *
 * Guarantees: the lock is never set without an expiry (SET NX PX); a value written by the previous holder
 * is always seen, because that holder wrote it and released the lock in one script (write-if-generation),
 * so "value absent and lock free" cannot be observed between its write and its release. The generation is
 * read before the loader starts, which is what lets the write refuse an outdated value.
 */
export const acquireLockScript = defineScript(
  'acquire-lock',
  `
local acquired = redis.call('SET', KEYS[3], ARGV[1], 'NX', 'PX', ARGV[2]) and 1 or 0
local value = redis.call('GET', KEYS[1])
local generation = redis.call('GET', KEYS[2]) or '0'
return { acquired, value, generation }
`,
);
