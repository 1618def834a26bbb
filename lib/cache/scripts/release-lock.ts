import { defineScript } from '../../redis/lua';

/**
 * Releases a load lock only if it still holds our token (compare-and-delete).
 *
 * KEYS: lock. ARGV: token. Returns 1 when released, 0 when the lock had expired or passed to another.
 *
 * Guarantees: a holder whose lock expired (and was taken over) never deletes its successor's lock.
 */
export const releaseLockScript = defineScript(
  'release-lock',
  `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`,
);
