/**
 * What a caller names: a logical cache key. The engine turns it into Redis keys (lib/redis/keys.ts), so
 * callers never build a Redis key themselves.
 */

/** A logical cache key: what a caller names. `cacheKey()` builds one; the engine turns it into Redis keys. */
export interface CacheKey {
  /** The entity (`product`, `listing`, …): the `<ns>` of the key and the `namespace` label of the metrics. */
  readonly namespace: string;
  readonly id: string;
  /** Whether `invalidateNamespace(namespace)` drops this entry (costs one extra GET per read). */
  readonly versioned: boolean;
}

export class InvalidCacheKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCacheKeyError';
  }
}

const NAMESPACE = /^[a-z][a-z0-9_-]{0,31}$/;
/** The engine's tag and budget keys live under `cache:tag:` and `cache:brief:`: no entry may use those. */
const RESERVED_NAMESPACES = new Set(['tag', 'brief']);

/**
 * `cacheKey('product', slug)` → stored under `cache:product:{<slug>}`. Pass `{ versioned: true }` for
 * families dropped as a whole (listing pages): `cache:listing:v<N>:{<id>}`.
 */
export function cacheKey(namespace: string, id: string, options: { versioned?: boolean } = {}): CacheKey {
  if (!NAMESPACE.test(namespace)) {
    throw new InvalidCacheKeyError(`cache namespace must match ${NAMESPACE}: ${JSON.stringify(namespace)}`);
  }
  if (RESERVED_NAMESPACES.has(namespace)) {
    throw new InvalidCacheKeyError(`cache namespace ${namespace} is reserved for the engine`);
  }
  if (id.length === 0) throw new InvalidCacheKeyError(`cache id must not be empty (namespace ${namespace})`);
  return { namespace, id, versioned: options.versioned ?? false };
}

/** A tag is any non-empty string (`invalidateTags` drops every entry stored with it). */
export function checkTag(tag: string): string {
  if (typeof tag !== 'string' || tag.length === 0) {
    throw new InvalidCacheKeyError(`a cache tag must be a non-empty string: ${JSON.stringify(tag)}`);
  }
  return tag;
}
