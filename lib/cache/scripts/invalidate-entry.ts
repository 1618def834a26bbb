import { defineScript } from '../../redis/lua';

/**
 * Drops an entry and bumps its generation, in one step.
 *
 * KEYS: value, generation. ARGV: the generation key's TTL (ms). Returns the new generation.
 *
 * Guarantees: every load that began before this call writes nothing afterwards (write-if-generation
 * compares generations); the generation key expires (long after any load that could have read it).
 */
export const invalidateEntryScript = defineScript(
  'invalidate-entry',
  `
redis.call('DEL', KEYS[1])
local generation = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return generation
`,
);
