import { createHash } from 'node:crypto';
import { getConfig } from '../config';

/**
 * The Redis key schema. Every Redis key the storefront writes is built here, and this file's comments
 * document it in full: beside each family, each key's type, TTL, the Redis that holds it and the module
 * that writes it. The README's "Redis keys" table sums them up, a row per family (tooling/readme.test.ts
 * checks that each `<p>` family below has one). No other module builds a key.
 *
 * Each family is a function of the prefix that starts every key: REDIS_KEY_PREFIX (empty by default)
 * unless the caller passes its own (tests and benchmarks keep their keys apart with it; one process may
 * run several cache engines, each with its prefix). Braces are Redis Cluster hash tags: the keys one Lua
 * script or MULTI touches share one, so nothing fails with CROSSSLOT.
 *
 * Two Redis may hold them (docs/configuration.md, "Two Redis: what each must keep"), one and the same
 * unless SESSION_REDIS_URL is set:
 * - "cache": the cache's Redis (`getRedis()`: REDIS_URL, or the Cluster): cacheKeys, the hit-rate buckets,
 *   demoKeys. Anything in it may be evicted (allkeys-lru, under its maxmemory) and loaded again; what
 *   strangers' URLs can add to it is bounded (brief entries, docs/cache.md "What a stranger can grow").
 * - "sessions": the session Redis (`getSessionRedis()`: SESSION_REDIS_URL, else the cache's): sessionKeys,
 *   stockKeys, checkoutKeys, the checkout buckets. Never evicted (noeviction, AOF); every key written there
 *   has a TTL and a bounded size, so it does not fill up with litter.
 */

const configuredPrefix = () => getConfig().REDIS_KEY_PREFIX;

// ---------------------------------------------------------------------------------------------------------
// The cache-aside engine (lib/cache); `getCache()` passes REDIS_KEY_PREFIX. All on the "cache" Redis.
//
//   <p>cache:<ns>:{<id>}             string  JSON envelope {format, schema, loadStartedAt, softExpiresAt,
//                                            hardExpiresAt, value}: a cached value, e.g.
//                                            cache:product:{<slug>}, cache:category:{all},
//                                            cache:product-ref:{<id>}
//                                    TTL: CACHE_TTL_SECONDS ± a random jitter up to
//                                    CACHE_TTL_JITTER_SECONDS; brief entries (a "not found"; a search or an
//                                    empty or odd-sized listing) 60 s ± 10 %, and only while their
//                                    namespace's budget allows (cache:brief below)
//                                    Written by: the engine's load (scripts/write-if-generation.ts), for
//                                    lib/catalog (namespaces product, product-ref, category)
//   <p>cache:<ns>:v<N>:{<id>}        string  same, in a versioned namespace (listing, home), N its version
//                                    TTL: as above. Written by: as above, for lib/catalog's listing and home
//   <p>cache:page:{<build>:<h>}      string  JSON envelope of a rendered page (HTML, RSC payload, segments);
//                                            <h> = SHA-256 of Next.js's route-cache key, <build> the
//                                            build's id (.next/BUILD_ID or NEXT_DEPLOYMENT_ID)
//                                    TTL: as above (brief when its render carried the pages:brief marker);
//                                    dropped when a tag it carries is swept
//                                    Written by: lib/pages/cache-handlers/page-handler.ts (storeProduced),
//                                    registered under the tags its render used
//   <p>cache:use-cache:{<build>:<h>} string  JSON envelope of a 'use cache' result (its RSC bytes, timing):
//                                            a cached function's or component's output;
//                                            <h> = SHA-256 of Next.js's key
//                                    TTL: as above (a search's or an empty listing's: brief, marked
//                                    pages:brief). Written by: lib/pages/cache-handlers/use-cache-handler.ts
//   <p>cache:<ns>:…{<id>}:gen        string  the entry's generation (integer), for generation-checked writes
//                                    TTL: ≥ 7 days, renewed on every invalidation
//                                    Written by: scripts/invalidate-entry.ts (DEL the value, INCR this)
//   <p>lock:cache:<ns>:…{<id>}       string  a loader's lock (random token)
//                                    TTL: the lock TTL (3 s), renewed every second while loading
//                                    Written by: scripts/acquire-lock.ts (SET NX PX), renew-lock.ts;
//                                    released by write-if-generation.ts or release-lock.ts
//   <p>cache:<ns>:version            string  a versioned namespace's version (integer, never reused)
//                                    TTL: ≥ 7 days, renewed on every bump
//                                    Written by: scripts/bump-namespace.ts
//   <p>cache:bus                     pub/sub channel (not a key): invalidated entry keys, so every
//                                    instance drops its L1 copy. Published by: the engine's invalidation;
//                                    subscribed by lib/cache/bus.ts (through lib/redis/subscriber.ts)
//   <p>cache:tag:{<tag>}:entries     zset    the entries stored with the tag (namespace, id, namespace
//                                            version), each scored by the time (ms, Redis's clock) until
//                                            which its entry may live; taken by invalidateTags
//                                    TTL: its longest-lived member's: the entry's TTL + 11 s (the write
//                                    window and the clock margin), so a "not found"'s tag lives about a
//                                    minute. Members past their score are dropped at each registration
//                                    Written by: scripts/register-tag.ts; taken by scripts/sweep-tag.ts
//   <p>cache:tag:{<tag>}:at          string  when the tag was last invalidated (Unix ms), checked before a
//                                            tagged entry is stored
//                                    TTL: ≥ 7 days, renewed on every invalidation. Written by: sweep-tag.ts
//                                    (only an invalidation writes it: no stranger can make one)
//   <p>cache:brief:{<ns>}:<minute>   hash    n = brief entries, b = their bytes, admitted in the namespace
//                                            in that minute (<minute> = Unix ms / 60,000): the budget
//                                            strangers' URLs can spend (500 entries, 2 MiB a minute)
//                                    TTL: 2 minutes, from the minute's first entry
//                                    Written by: scripts/admit-brief.ts (lib/cache/budget.ts)
//
// (scripts/ is lib/cache/scripts/; how the engine uses these keys: docs/cache.md.)
// <id> and <tag> are the caller's strings with braces escaped, or `sha256:<hex>` of them when longer than
// 200 characters (long search queries).
// The braces are a Redis Cluster hash tag: an entry's value, generation and lock keys hash to one slot, so
// the Lua scripts that touch them together never fail with CROSSSLOT. (The logical key a caller names,
// CacheKey, is lib/cache/key.ts's: it checks the namespace and id that CacheEntryName only carries.)
// ---------------------------------------------------------------------------------------------------------

/** Longer ids (a long search query, say) are stored under their SHA-256, so any id makes a valid key. */
const MAX_PLAIN_ID_LENGTH = 200;

/** What an entry's keys are built from: lib/cache's CacheKey, which has checked the namespace and id. */
export interface CacheEntryName {
  readonly namespace: string;
  readonly id: string;
  readonly versioned: boolean;
}

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
    entry(key: CacheEntryName, namespaceVersion?: string): CacheEntryKeys {
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
      const base = `${prefix}cache:tag:${hashTag(tag)}`;
      return { members: `${base}:entries`, invalidatedAt: `${base}:at` };
    },
    /** A namespace's brief-entry budget for one minute (`cache:brief:` : cacheKey() refuses `brief`). */
    briefBudget: (namespace: string, minute: number) => `${prefix}cache:brief:{${namespace}}:${minute}`,
    busChannel: () => `${prefix}cache:bus`,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Sessions, carts and login limits (lib/session, lib/cart, lib/auth). All on the "sessions" Redis.
//
//   <p>sess:{<sid>}             hash    u=user id, r=role (s|a), c=created-at ms, t=refreshed-at ms,
//                                       k=1 when kept signed in; a guest's only c and t
//                                       TTL: SESSION_IDLE_SECONDS (SESSION_ABSOLUTE_SECONDS when k), slid
//                                       lazily (at most every tenth of the idle time), never past
//                                       c + SESSION_ABSOLUTE_SECONDS
//                                       Written by: lib/session/store.ts (scripts: lib/session/scripts.ts)
//   <p>user:{<uid>}:sessions    zset    the user's session ids ("log out everywhere"), scored by each
//                                       one's absolute end (ms) so dead entries prune by score; a sorted
//                                       set because small ones are listpacks (a plain set is a hash table
//                                       before Redis 7.2: ~3x the memory). TTL: SESSION_ABSOLUTE_SECONDS,
//                                       renewed whenever a session is added (at each login)
//                                       Written by: lib/session/store.ts
//   <p>cart:{s:<sid>}           hash    guest cart: product id → quantity
//                                       TTL: follows its session's (renewed with it), so it dies with it
//                                       Written by: lib/cart (lib/cart/store.ts, lib/cart/scripts.ts);
//                                       the TTL also by lib/session/store.ts
//   <p>cart:{u:<uid>}           hash    signed-in cart, shared by all the user's browsers
//                                       TTL: 30 days, renewed on every write. Written by: lib/cart
//   <p>rl:login:ip:<ip>         string  failed logins from one address (rate-limiter-flexible counter)
//                                       TTL: the 15-minute window from the first failure
//                                       Written by: lib/auth/rate-limit.ts
//   <p>rl:login:email:<h>       string  failed logins for one e-mail from one address; <h> = a hash of
//                                       both, so no e-mail address sits in Redis. TTL: the window
//                                       Written by: lib/auth/rate-limit.ts
//   <p>rl:login:device:<h>      string  failed logins from a browser that signed in to the account before
//                                       (its device cookie, lib/auth/device.ts); <h> = a hash of the
//                                       cookie's device id. TTL: the window. Written by: lib/auth/rate-limit.ts
//   <p>rl:login:register:<ip>   string  registrations from one address. TTL: the hour's window
//                                       Written by: lib/auth/rate-limit.ts
//   <p>auth:hash-slots:{<m>}    zset    the password hashes running on machine <m> (MACHINE_ID, else the host
//                                       name): a random id per hash scored by its start (ms); at most
//                                       PASSWORD_HASH_SLOTS members. TTL: 10 s, renewed by each new hash;
//                                       a member older than that is dropped (its holder died)
//                                       Written by: lib/auth/hash-slots.ts (redis-semaphore)
//
// <sid> is base64url(SHA-256(token)): the cookie's token never reaches Redis, so a dump of it yields no
// cookie that works. Each Lua script here touches one key only. (docs/sessions-carts-checkout.md)
// ---------------------------------------------------------------------------------------------------------

export function sessionKeys(prefix: string = configuredPrefix()) {
  return {
    session: (sessionId: string) => `${prefix}sess:{${sessionId}}`,
    userSessions: (userId: number) => `${prefix}user:{${userId}}:sessions`,
    guestCart: (sessionId: string) => `${prefix}cart:{s:${sessionId}}`,
    userCart: (userId: number) => `${prefix}cart:{u:${userId}}`,
    /** The `keyPrefix` option of one rate limiter (the library appends `:<key>`). */
    loginLimiter: (kind: 'ip' | 'email' | 'device' | 'register') => `${prefix}rl:login:${kind}`,
    /** The password hashes running on one machine (lib/auth/hash-slots.ts). */
    hashSlots: (machine: string) => `${prefix}auth:hash-slots:{${machine}}`,
  };
}

export type SessionKeys = ReturnType<typeof sessionKeys>;

// ---------------------------------------------------------------------------------------------------------
// Checkout (lib/stock, lib/orders). All on the "sessions" Redis.
//
//   <p>stock:{p:<id>}           string  the product's stock gate (integer): units sellable as Redis knows
//                                       (PostgreSQL's stock less the units held by checkouts under way)
//                                       TTL: 2 × the longest cached page life, 2 × (CACHE_TTL_SECONDS +
//                                       CACHE_TTL_JITTER_SECONDS) (2 h 10 min by default), from its seed,
//                                       renewed by each take, so from the product's last sale (re-seeded
//                                       from PostgreSQL after)
//                                       Written by: lib/stock/gate.ts (its scripts: lib/stock/scripts.ts)
//   <p>stock:{p:<id>}:holds     zset    units held by checkouts under way: `<attempt>:<quantity>` scored by
//                                       the hold's expiry (ms); an expired hold's units go back to the gate
//                                       TTL: 4 × the hold time (2 min), renewed per take
//                                       Written by: lib/stock/gate.ts
//   <p>checkout:{u:<uid>}:<h>   string  one idempotency key's checkout: `running:<token>`, then
//                                       `done:<order id>:<total>`; <h> = SHA-256 of the client's key
//                                       TTL: 60 s while running, 24 h once done
//                                       Written by: lib/orders/idempotency.ts (lib/orders/scripts.ts)
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
// Sales (lib/sales). On the "sessions" Redis (never evicted).
//
//   <p>sales:changes            channel  `{"saleId": <id>}` after every change to a sale (scheduled, cancelled,
//                                        ended, a unit sold or given back): every instance reloads that sale
//                                        from PostgreSQL and pushes it to its open event streams
//                                        Written by: lib/sales/events.ts; read by lib/sales/registry.ts
//   <p>sale:{s:<sid>:p:<pid>}   hash     the sale gate of one sale item: `units` (units sellable as Redis
//                                        knows: the sale's units left, capped by the product's stock, less
//                                        the units held by checkouts under way), `limit` (per customer),
//                                        `b:<uid>` (units the user bought in committed orders), `h:<uid>`
//                                        (units the user's checkouts under way hold)
//                                        TTL: until an hour after the sale's end (PEXPIREAT at its seed);
//                                        dropped after an order of the sale is cancelled (re-seeded from
//                                        PostgreSQL at the next use)
//                                        Written by: lib/sales/gate.ts (its scripts: lib/sales/gate-scripts.ts)
//   <p>sale:{s:<sid>:p:<pid>}:holds zset units held by checkouts under way: `<attempt>:<uid>:<quantity>`
//                                        scored by the hold's expiry (ms); an expired hold's units and
//                                        allowance go back to the gate
//                                        TTL: the gate's, renewed per take. Written by: lib/sales/gate.ts
// ---------------------------------------------------------------------------------------------------------

export function saleKeys(prefix: string = configuredPrefix()) {
  return {
    /** The channel every instance listens on for changes to any sale (one subscription per instance). */
    changes: `${prefix}sales:changes`,
    /** One sale item's gate and its holds: one hash tag, so every gate script runs on one slot. */
    item: (saleId: number, productId: number) => ({
      gate: `${prefix}sale:{s:${saleId}:p:${productId}}`,
      holds: `${prefix}sale:{s:${saleId}:p:${productId}}:holds`,
    }),
  };
}

export type SaleKeys = ReturnType<typeof saleKeys>;

// ---------------------------------------------------------------------------------------------------------
// A sale's line (lib/queue). On the "sessions" Redis (never evicted). Every key of one sale's line shares
// the hash tag {q:<sid>}, so each line script runs on one Cluster slot.
//
//   <p>queue:{q:<sid>}:joined   hash     `<uid>` → when the account joined (Redis's clock, ms): one place per
//                                        account, whatever the sessions or instances
//   <p>queue:{q:<sid>}:early    set      the accounts that joined before the start (placed by the seeded draw)
//   <p>queue:{q:<sid>}:places   zset     `<uid>` scored by its place in line (1 = first): the early joiners'
//                                        written by the draw at the start, a later joiner's at its join
//   <p>queue:{q:<sid>}:state    hash     `drawn` (early joiners placed; absent before the draw), `late` (later
//                                        joiners so far), `front` (places admitted so far: "admitted through
//                                        place N"), `admitted` (admissions given)
//   <p>queue:{q:<sid>}:active   zset     `<uid>` holding an admission, scored by its expiry (ms)
//                                        TTL (all five): an hour after the sale's end (PEXPIREAT at each write)
//                                        Written by: lib/queue/store.ts (its scripts: lib/queue/scripts.ts)
// ---------------------------------------------------------------------------------------------------------

export function queueKeys(prefix: string = configuredPrefix()) {
  return {
    line: (saleId: number) => {
      const base = `${prefix}queue:{q:${saleId}}`;
      return {
        joined: `${base}:joined`,
        early: `${base}:early`,
        places: `${base}:places`,
        state: `${base}:state`,
        active: `${base}:active`,
      };
    },
  };
}

export type QueueKeys = ReturnType<typeof queueKeys>;
/** The five keys of one sale's line, in the order every line script takes them. */
export type LineKeys = ReturnType<QueueKeys['line']>;

// ---------------------------------------------------------------------------------------------------------
// The operator's view (lib/admin/stats, lib/orders/stats).
//
//   <p>stats:{cache}:<minute>    hash   `<namespace>:<result>` → cache reads (product, listing) of that
//                                       outcome every instance counted in that minute (<minute> = Unix ms /
//                                       60,000). On the "cache" Redis
//                                       Written by: lib/admin/stats/hit-rate-sampler.ts (every 10 s)
//   <p>stats:{checkout}:<minute> hash   `<result>` → checkouts of that outcome in that minute, all instances
//                                       (the operator's orders and sold-out chart), and `sale_<result>` →
//                                       those of checkouts holding a sale's product (placed, sold_out,
//                                       over_limit, not_started: the sale's refusals per second). On the "sessions" Redis:
//                                       an evicted bucket would draw as a minute without orders
//                                       Written by: lib/orders/stats.ts
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
// The admin's Redis demo (lib/admin/redis-demo, /admin/redis-demo). All on the "cache" Redis, the
// session step's throwaway hash included (never written into the session Redis, which must not fill up).
//
//   <p>demo:run:{u:<uid>}       string  an admin's demo run as JSON: its id, the next step, the log, the last
//                                       trace. TTL: 10 min, renewed by each step
//                                       Written by: lib/admin/redis-demo/run-state.ts
//   <p>demo:<run>:…             the keys a run writes: the storefront's own families (cache entries, locks,
//                                       generations, tags, a session) built by the builders above on this
//                                       prefix, so no shopper's key is touched
//                                       TTL: at most 10 min (the demo caps every key of its run after each
//                                       step; the engine would give generation keys and tag invalidation
//                                       times a week). "Reset" deletes them. Written by:
//                                       lib/admin/redis-demo's steps
//                                       (docs/admin.md, "The Redis demo")
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
