import { cacheKeys } from '../../lib/redis/keys';
import { productDetailKey } from '../../lib/catalog/cache-keys';
import { createRedisClient, waitUntilReady, type RedisTarget } from '../../lib/redis/client';
import type { Fetch } from '../../tooling/scale-out/tls';
import type { Shopper, Site } from '../../tooling/stack';

/** Single requests the drills make beside the load, and what they look at in Redis. */

export interface Probe {
  status: number;
  ms: number;
  retryAfter: string | null;
  body: string;
}

/** A bound that only catches a hang: a probe answered later than this fails its drill. */
const PROBE_TIMEOUT_MS = 15_000;

/**
 * One request to `path` on the site (nginx's HTTPS), from the site's own address or `via` a shopper's.
 * `timeoutMs` is for probes sent in a crowd whose last answer legitimately comes late (a sale's checkouts
 * queue on the product's row).
 */
export async function probe(
  site: Site,
  path: string,
  init: RequestInit & { cookie?: string; via?: Fetch; timeoutMs?: number } = {},
): Promise<Probe> {
  const started = performance.now();
  const { cookie, via = site.fetch, timeoutMs = PROBE_TIMEOUT_MS, ...rest } = init;
  const response = await via(`${site.url}${path}`, {
    ...rest,
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(rest.body ? { 'content-type': 'application/json' } : {}),
      ...rest.headers,
    },
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await response.text();
  return {
    status: response.status,
    ms: performance.now() - started,
    retryAfter: response.headers.get('retry-after'),
    body,
  };
}

export const addToCart = (site: Site, shopper: Shopper, productId: number, quantity = 1) =>
  probe(site, '/api/cart/items', {
    method: 'POST',
    cookie: shopper.cookie,
    via: shopper.fetch,
    body: JSON.stringify({ productId, quantity }),
  });

export const checkout = (site: Site, shopper: Shopper, key: string, timeoutMs?: number) =>
  probe(site, '/api/checkout', {
    method: 'POST',
    cookie: shopper.cookie,
    via: shopper.fetch,
    headers: { 'Idempotency-Key': key },
    timeoutMs,
  });

/** Whether Redis holds the product page's cache entry (written by an instance, under the drill's prefix). */
export async function productPageCached(target: RedisTarget, prefix: string, slug: string): Promise<boolean> {
  const redis = createRedisClient({ target, commandTimeoutMs: 2000, connectionName: 'storefront-drill' });
  redis.on('error', () => {});
  try {
    if (!(await waitUntilReady(redis, 5000))) return false;
    const key = cacheKeys(prefix).entry(productDetailKey(slug)).value;
    return (await redis.exists(key)) === 1;
  } finally {
    redis.disconnect();
  }
}
