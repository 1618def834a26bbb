import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { CacheEngine } from '../cache';
import { TAG_CLOCK_SKEW_MS } from '../cache/internals';
import { getProductDetail } from '../catalog';
import { productDetailKey, productDetailSchema } from '../catalog/cache-keys';
import type { ProductDetail } from '../catalog/types';
import { getConfig } from '../config';
import { getSql } from '../db/client';
import { getRedis } from '../redis/client';
import { DEMO_ADMIN, productAt, signedIn, withOwnCatalog } from '@/tooling/vitest/admin';
import { updateProduct } from './writes';

// The race the cache's generation check exists for: a shopper's load reads the product, stalls, and only
// writes its (now old) value to the cache after an admin's edit has committed and invalidated. The old
// value must not win.

withOwnCatalog('admin_slow_load');

async function waitForBlockedLoad(): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const [row] = await getSql()<{ waiting: number }[]>`
      select count(*)::int as waiting from pg_stat_activity
      where datname = current_database() and application_name = 'storefront' and wait_event_type = 'Lock'`;
    if ((row?.waiting ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the product load never blocked on the reviews lock');
}

describe('an admin edit during a slow in-flight load of the same product', () => {
  it('leaves the new value cached, not the one the slow load read before the commit', async () => {
    const admin = await signedIn(DEMO_ADMIN);
    const product = await productAt(0);
    const newPrice = product.priceCents + 1234;

    // Another session holds the reviews table: the load reads the product row, then blocks on its reviews.
    const blocker = postgres(getConfig().DATABASE_URL, { max: 1, onnotice: () => {} });
    const held = await blocker.reserve();
    let slow: Promise<ProductDetail | null>;
    try {
      await held`begin`;
      await held`lock table reviews in access exclusive mode`;
      slow = getProductDetail(product.slug);
      await waitForBlockedLoad();
      // The edit commits and invalidates while the load is still waiting.
      await updateProduct(admin.request(), product.id, { priceCents: newPrice }, product.version);
    } finally {
      await held`commit`;
      held.release();
      await blocker.end({ timeout: 5 });
    }

    // The slow load read the row before the commit: its caller gets the old price, as it should …
    expect((await slow)?.priceCents).toBe(product.priceCents);
    // … but it could not store it: the next read is the new price,
    expect((await getProductDetail(product.slug))?.priceCents).toBe(newPrice);
    // and Redis itself never holds the old one (read by an engine without an in-process tier, forbidden to
    // load): nothing yet, as a load within a second of an invalidation of its tags is not stored …
    const redisOnly = new CacheEngine({ redis: getRedis(), keyPrefix: getConfig().REDIS_KEY_PREFIX });
    const inRedis = () =>
      redisOnly
        .getOrLoad<ProductDetail>(
          productDetailKey(product.slug),
          () => Promise.reject(new Error('the entry is not in Redis')),
          { schemaVersion: productDetailSchema },
        )
        .then((stored) => stored?.priceCents);
    await expect(inRedis()).rejects.toThrow('not in Redis');
    // … and the new price once a later read has stored it.
    await new Promise((resolve) => setTimeout(resolve, TAG_CLOCK_SKEW_MS));
    expect((await getProductDetail(product.slug))?.priceCents).toBe(newPrice);
    expect(await inRedis()).toBe(newPrice);
    await redisOnly.close();
  });
});
