import { createHash } from 'node:crypto';
import type { CacheKey } from '../cache/key';

/**
 * Every Redis key the storefront writes is built here, so the key schema can be read in one place (the
 * README's table mirrors this file). Each key starts with REDIS_KEY_PREFIX, which tests and benchmarks use
 * to keep their keys apart from the demo's.
 */

// ---------------------------------------------------------------------------------------------------------
// The cache-aside engine (lib/cache). Its builders take the prefix as an argument because one process may
// run several engines (tests give each its own prefix); `getCache()` passes REDIS_KEY_PREFIX.
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

export const cacheRedisKeys = {
  /** `namespaceVersion` is required for a versioned key ('0' before the first bump). */
  entry(keyPrefix: string, key: CacheKey, namespaceVersion?: string): CacheEntryKeys {
    if (key.versioned && namespaceVersion === undefined) {
      // The engine's own mistake, not the caller's: it resolves the version before building the keys.
      throw new TypeError(`versioned cache key ${key.namespace} needs its namespace version`);
    }
    const version = key.versioned ? `v${namespaceVersion}:` : '';
    const body = `cache:${key.namespace}:${version}${hashTag(key.id)}`;
    return {
      value: `${keyPrefix}${body}`,
      generation: `${keyPrefix}${body}:gen`,
      lock: `${keyPrefix}lock:${body}`,
    };
  },
  namespaceVersion: (keyPrefix: string, namespace: string) => `${keyPrefix}cache:${namespace}:version`,
  /** `cache:tag:` cannot clash with an entry: cacheKey() refuses the namespace `tag`. */
  tag(keyPrefix: string, tag: string): CacheTagKeys {
    const members = `${keyPrefix}cache:tag:${hashTag(tag)}`;
    return { members, invalidatedAt: `${members}:at` };
  },
  busChannel: (keyPrefix: string) => `${keyPrefix}cache:bus`,
};
