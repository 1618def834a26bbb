import { cacheKeys } from '../../lib/redis/keys';
import { productDetailKey } from '../../lib/catalog/cache-keys';
import { createRedisClient, waitUntilReady, type RedisTarget } from '../../lib/redis/client';
import type { Shopper } from './stack';

/** Single requests the drills make beside the load, and what they look at in Redis. */

export interface Probe {
  status: number;
  ms: number;
  retryAfter: string | null;
  body: string;
}

export async function probe(url: string, init: RequestInit & { cookie?: string } = {}): Promise<Probe> {
  const started = performance.now();
  const { cookie, ...rest } = init;
  const response = await fetch(url, {
    ...rest,
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(rest.body ? { 'content-type': 'application/json' } : {}),
      ...rest.headers,
    },
    signal: AbortSignal.timeout(15_000),
  });
  const body = await response.text();
  return {
    status: response.status,
    ms: performance.now() - started,
    retryAfter: response.headers.get('retry-after'),
    body,
  };
}

export const addToCart = (url: string, shopper: Shopper, productId: number, quantity = 1) =>
  probe(`${url}/api/cart/items`, {
    method: 'POST',
    cookie: shopper.cookie,
    body: JSON.stringify({ productId, quantity }),
  });

export const checkout = (url: string, shopper: Shopper, key: string) =>
  probe(`${url}/api/checkout`, {
    method: 'POST',
    cookie: shopper.cookie,
    headers: { 'Idempotency-Key': key },
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
