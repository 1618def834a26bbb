/**
 * The engine's own errors. Neither ever reaches a caller of `getOrLoad`: both mean "Redis could not help
 * this time", and the engine answers from the loader instead (and counts it). A loader's own error is
 * rethrown to the caller unchanged.
 */

/** A Redis command failed or timed out on the cache's behalf (bentocache calls it E_L2_CACHE_ERROR). */
export class CacheBackendError extends Error {
  readonly code: string = 'E_L2_CACHE_ERROR';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CacheBackendError';
  }
}

/** Redis was not even tried: the circuit breaker is open, or the connection is not up. */
export class CacheUnavailableError extends CacheBackendError {
  override readonly code = 'E_L2_CACHE_UNAVAILABLE';
  constructor(reason: string) {
    super(`Redis skipped: ${reason}`);
    this.name = 'CacheUnavailableError';
  }
}
