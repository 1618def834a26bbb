import { createHash } from 'node:crypto';
import type { CacheKey } from '../cache/key';
import { getConfig } from '../config';

/**
 * Every Redis key the storefront writes is built here, so the key schema can be read in one place (the
 * README's table mirrors this file). Each family is a function of the prefix that starts every key:
 * REDIS_KEY_PREFIX unless the caller passes its own (tests and benchmarks keep their keys apart with it;
 * one process may run several cache engines, each with its prefix). Braces are Redis Cluster hash tags:
 * the keys one Lua script or MULTI touches share one, so nothing fails with CROSSSLOT.
 *
 * Two Redis may hold them (README, "Two Redis: what each must keep"): the cache's (`getRedis()`: cacheKeys,
 * hit-rate buckets, demoKeys) and the session Redis (`getSessionRedis()`: sessionKeys, stockKeys,
 * checkoutKeys, checkout buckets), one and the same unless SESSION_REDIS_URL is set.
 */

const configuredPrefix = () => getConfig().REDIS_KEY_PREFIX;

// ---------------------------------------------------------------------------------------------------------
// The cache-aside engine (lib/cache); `getCache()` passes REDIS_KEY_PREFIX.
//
//   <p>cache:<ns>:{<id>}             string  JSON envelope           TTL: CACHE_TTL_SECONDS ± jitter
//                                                                     (negative entries: 60 s ± 10 %)
//   <p>cache:<ns>:v<N>:{<id>}        string  same, in a versioned namespace (N = the namespace version)
//   <p>cache:<ns>:…{<id>}:gen        string  the entry's generation   TTL: ≥ 7 days, renewed on invalidate
//   <p>lock:cache:<ns>:…{<id>}       string  a loader's lock token    TTL: the lock TTL, renewed while loading
//   <p>cache:<ns>:version            string  the namespace version    TTL: ≥ 7 days, renewed on every bump
//   <p>cache:bus                     pub/sub channel of invalidated entry keys (not a key)
//   <p>cache:tag:{<tag>}             set     the entries stored with the tag   TTL: ≥ 7 days, renewed on add
//   <p>cache:tag:{<tag>}:at          string  last invalidation of the tag (ms) TTL: ≥ 7 days, renewed on sweep
//
// <id> and <tag> are the caller's strings with braces escaped, or `sha256:<hex>` of them when longer than
// 200 characters.
// The braces are a Redis Cluster hash tag: an entry's value, generation and lock keys hash to one slot, so
// the Lua scripts that touch them together never fail with CROSSSLOT. (The logical key a caller names,
// CacheKey, is lib/cache/key.ts's.)
// ---------------------------------------------------------------------------------------------------------

/** Longer ids (a long search query, say) are stored under their SHA-256, so any id makes a valid key. */
const MAX_PLAIN_ID_LENGTH = 200;

/** The Redis keys of one cache tag (one hash tag: the scripts that touch both stay in one slot). */
export interface CacheTagKeys {
  members: string;
  invalidatedAt: string;
}

/** The Redis keys of one cache entry. */
export interface CacheEntryKeys {
  value: string;
  generation: string;
  lock: string;
}

// Braces inside an id would move the hash tag; escaping them keeps `{<id>}` the whole tag.
function hashTag(id: string): string {
  const short =
    id.length > MAX_PLAIN_ID_LENGTH ? `sha256:${createHash('sha256').update(id).digest('hex')}` : id;
  return `{${short.replaceAll('{', '%7B').replaceAll('}', '%7D')}}`;
}

export function cacheKeys(prefix: string = configuredPrefix()) {
  return {
    /** `namespaceVersion` is required for a versioned key ('0' before the first bump). */
    entry(key: CacheKey, namespaceVersion?: string): CacheEntryKeys {
      if (key.versioned && namespaceVersion === undefined) {
        // The engine's own mistake, not the caller's: it resolves the version before building the keys.
        throw new TypeError(`versioned cache key ${key.namespace} needs its namespace version`);
      }
      const version = key.versioned ? `v${namespaceVersion}:` : '';
      const body = `cache:${key.namespace}:${version}${hashTag(key.id)}`;
      return {
        value: `${prefix}${body}`,
        generation: `${prefix}${body}:gen`,
        lock: `${prefix}lock:${body}`,
      };
    },
    namespaceVersion: (namespace: string) => `${prefix}cache:${namespace}:version`,
    /** `cache:tag:` cannot clash with an entry: cacheKey() refuses the namespace `tag`. */
    tag(tag: string): CacheTagKeys {
      const members = `${prefix}cache:tag:${hashTag(tag)}`;
      return { members, invalidatedAt: `${members}:at` };
    },
    busChannel: () => `${prefix}cache:bus`,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Sessions, carts and login limits (lib/session, lib/cart, lib/auth).
//
//   <p>sess:{<sid>}             hash    u=user id, r=role (s|a), c=created-at ms, t=refreshed-at ms
//                                       TTL: SESSION_IDLE_SECONDS, slid lazily, never past c + ABSOLUTE
//   <p>user:{<uid>}:sessions    zset    the user's session ids ("log out everywhere"), scored by each
//                                       one's absolute end (ms) so dead entries prune by score; a sorted
//                                       set because small ones are listpacks (a plain set is a hash table
//                                       before Redis 7.2: ~3x the memory). TTL: SESSION_ABSOLUTE_SECONDS,
//                                       renewed whenever a session is added
//   <p>cart:{s:<sid>}           hash    guest cart: product id → quantity
//                                       TTL: follows its session's (renewed with it), so it dies with it
//   <p>cart:{u:<uid>}           hash    signed-in cart, shared by all the user's browsers
//                                       TTL: 30 days, renewed on every write
//   <p>rl:login:ip:<ip>         string  failed logins from one address (rate-limiter-flexible)
//                                       TTL: the 15-minute window
//   <p>rl:login:email:<h>       string  failed logins for one e-mail from one address; <h> = a hash of
//                                       both, so no e-mail address sits in Redis. TTL: the window
//
// <sid> is base64url(SHA-256(token)): the cookie's token never reaches Redis, so a dump of it yields no
// cookie that works. Each Lua script here touches one key only.
// ---------------------------------------------------------------------------------------------------------

export function sessionKeys(prefix: string = configuredPrefix()) {
  return {
    session: (sessionId: string) => `${prefix}sess:{${sessionId}}`,
    userSessions: (userId: number) => `${prefix}user:{${userId}}:sessions`,
    guestCart: (sessionId: string) => `${prefix}cart:{s:${sessionId}}`,
    userCart: (userId: number) => `${prefix}cart:{u:${userId}}`,
    /** The `keyPrefix` option of one rate limiter (the library appends `:<key>`). */
    loginLimiter: (kind: 'ip' | 'email' | 'register') => `${prefix}rl:login:${kind}`,
  };
}

export type SessionKeys = ReturnType<typeof sessionKeys>;

// ---------------------------------------------------------------------------------------------------------
// Checkout (lib/stock, lib/orders).
//
//   <p>stock:{p:<id>}           string  the product's stock gate: units sellable as Redis knows (PostgreSQL's
//                                       stock less the units held by checkouts under way)
//                                       TTL: 10 min from its seed (re-seeded from PostgreSQL after)
//   <p>stock:{p:<id>}:holds     zset    units held by checkouts under way: `<attempt>:<quantity>` scored by
//                                       the hold's expiry (ms). TTL: 4 × the hold time, renewed per take
//   <p>checkout:{u:<uid>}:<h>   string  one idempotency key's checkout: `running:<token>`, then
//                                       `done:<order id>:<total>`; <h> = SHA-256 of the client's key
//                                       TTL: 60 s while running, 24 h once done
// ---------------------------------------------------------------------------------------------------------

export function stockKeys(prefix: string = configuredPrefix()) {
  return {
    /** A product's gate and its holds: one hash tag, so every gate script runs on one slot. */
    product: (productId: number) => ({
      gate: `${prefix}stock:{p:${productId}}`,
      holds: `${prefix}stock:{p:${productId}}:holds`,
    }),
  };
}

export type StockKeys = ReturnType<typeof stockKeys>;

export function checkoutKeys(prefix: string = configuredPrefix()) {
  return {
    attempt: (userId: number, keyHash: string) => `${prefix}checkout:{u:${userId}}:${keyHash}`,
  };
}

export type CheckoutKeys = ReturnType<typeof checkoutKeys>;

// ---------------------------------------------------------------------------------------------------------
// The operator's view (lib/admin/stats, lib/orders/stats).
//
//   <p>stats:{cache}:<minute>    hash   `<namespace>:<result>` → cache reads of that outcome every instance
//                                       counted in that minute (<minute> = Unix ms / 60,000)
//   <p>stats:{checkout}:<minute> hash   `<result>` → checkouts of that outcome in that minute, all instances
//                                       TTL (both): 2 hours, renewed by each instance's write into it
//
// Each family's buckets share one hash tag, so on a Cluster the hour's 60 buckets are one pipeline to one slot.
// ---------------------------------------------------------------------------------------------------------

export const STATS_BUCKET_TTL_SECONDS = 2 * 60 * 60;

/** The minute bucket a moment falls in. */
export const minuteOf = (epochMs: number): number => Math.floor(epochMs / 60_000);

export function statsKeys(prefix: string = configuredPrefix()) {
  return {
    hitRateMinute: (minute: number) => `${prefix}stats:{cache}:${minute}`,
    checkoutMinute: (minute: number) => `${prefix}stats:{checkout}:${minute}`,
  };
}

export type StatsKeys = ReturnType<typeof statsKeys>;

// ---------------------------------------------------------------------------------------------------------
// The admin's Redis demo (lib/admin/redis-demo, /admin/redis-demo).
//
//   <p>demo:run:{u:<uid>}       string  an admin's demo run as JSON: its id, the next step, the log, the last
//                                       trace. TTL: 10 min, renewed by each step
//   <p>demo:<run>:…             the keys a run writes: the storefront's own families (cache, sessions) built
//                                       by the builders above on this prefix, so no shopper's key is touched
//                                       TTL: at most 10 min (the demo caps every key of its run after each step)
//
// <run> is 12 hex digits, so a run's prefix never starts with `run:`.
// ---------------------------------------------------------------------------------------------------------

export function demoKeys(prefix: string = configuredPrefix()) {
  return {
    run: (userId: number) => `${prefix}demo:run:{u:${userId}}`,
    /** The prefix every key of run `runId` starts with: pass it to cacheKeys(), sessionKeys(), … */
    runPrefix: (runId: string) => `${prefix}demo:${runId}:`,
  };
}

/** `value` with Redis glob characters escaped, so a MATCH / KEYS pattern built on it matches it literally. */
export const escapeGlob = (value: string): string => value.replace(/[*?[\]\\]/g, '\\$&');
