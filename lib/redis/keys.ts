import { getConfig } from '../config';

/**
 * Every Redis key the storefront writes is built here, so the key schema can be read in one place (the
 * README's table mirrors this file). Each key starts with REDIS_KEY_PREFIX, which tests and benchmarks use
 * to keep their keys apart from the demo's.
 */

function prefix(): string {
  return getConfig().REDIS_KEY_PREFIX;
}

export const redisKeys = {
  /** Used by the health check to prove the prefix is writable; never stored for long. */
  healthProbe: () => `${prefix()}health:probe`,
};
