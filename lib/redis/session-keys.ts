import { getConfig } from '../config';

/*
 * The Redis keys of sessions, carts and login rate limits (to be merged into keys.ts by the lead). Every
 * key starts with the prefix (REDIS_KEY_PREFIX unless a test passes its own).
 *
 *   <p>sess:{<sid>}             hash    u=user id, r=role (s|a), c=created-at ms, t=refreshed-at ms
 *                                       TTL: SESSION_IDLE_SECONDS, slid lazily, never past c + ABSOLUTE
 *   <p>user:{<uid>}:sessions    zset    the user's session ids ("log out everywhere"), scored by each
 *                                       one's absolute end (ms) so dead entries prune by score; a sorted
 *                                       set because small ones are listpacks (a plain set is a hash table
 *                                       before Redis 7.2: ~3x the memory). TTL: SESSION_ABSOLUTE_SECONDS,
 *                                       renewed whenever a session is added
 *   <p>cart:{s:<sid>}           hash    guest cart: product id → quantity
 *                                       TTL: follows its session's (renewed with it), so it dies with it
 *   <p>cart:{u:<uid>}           hash    signed-in cart, shared by all the user's browsers
 *                                       TTL: 30 days, renewed on every write
 *   <p>rl:login:ip:<ip>         string  failed logins from one address (rate-limiter-flexible)
 *                                       TTL: the 15-minute window
 *   <p>rl:login:email:<h>       string  failed logins for one e-mail from one address; <h> = a hash of
 *                                       both, so no e-mail address sits in Redis. TTL: the window
 *
 * <sid> is base64url(SHA-256(token)): the cookie's token never reaches Redis, so a dump of it yields no
 * cookie that works. Braces are Cluster hash tags; each Lua script here touches one key only, so no
 * script ever spans two slots.
 */

export interface SessionKeys {
  session(sessionId: string): string;
  userSessions(userId: number): string;
  guestCart(sessionId: string): string;
  userCart(userId: number): string;
  /** The `keyPrefix` option of one rate limiter (the library appends `:<key>`). */
  loginLimiter(kind: 'ip' | 'email'): string;
  /** A product's stock gate (units sellable as Redis knows) and the holds of checkouts under way. */
  stockGate(productId: number): { gate: string; holds: string };
  /** One user's checkout under one idempotency key (`<keyHash>`: SHA-256 of the client's key). */
  checkoutAttempt(userId: number, keyHash: string): string;
}

/** The key builders under `prefix` (REDIS_KEY_PREFIX by default). */
export function sessionKeys(prefix: string = getConfig().REDIS_KEY_PREFIX): SessionKeys {
  return {
    session: (sessionId) => `${prefix}sess:{${sessionId}}`,
    userSessions: (userId) => `${prefix}user:{${userId}}:sessions`,
    guestCart: (sessionId) => `${prefix}cart:{s:${sessionId}}`,
    userCart: (userId) => `${prefix}cart:{u:${userId}}`,
    loginLimiter: (kind) => `${prefix}rl:login:${kind}`,
    stockGate: (productId) => ({
      gate: `${prefix}stock:{p:${productId}}`,
      holds: `${prefix}stock:{p:${productId}}:holds`,
    }),
    checkoutAttempt: (userId, keyHash) => `${prefix}checkout:{u:${userId}}:${keyHash}`,
  };
}
