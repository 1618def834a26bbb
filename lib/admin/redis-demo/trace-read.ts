import { CacheEngine } from '../../cache';
import { productDetailKey } from '../../catalog/cache-keys';
import { readProductDetail } from '../../catalog';
import { createSubscriberClient, type RedisClient } from '../../redis/client';
import { withTrace } from '../../trace';
import { describeCalls } from './describe';
import { DEMO_TTL_POLICY } from './step-kit';
import type { ProductTrace, TracedRead } from './types';

/*
 * "Trace a page view": the product page's own read (readProductDetail, the body of getProductDetail) on a
 * cache engine of the run's prefix, so the shop's entry of the product is neither read nor dropped. The
 * engine is built as getCache() builds the shop's (the shared command client, a bus connection for its
 * in-process tier), with the demo's short TTLs and without the shop's metrics, so the traced reads do not
 * count in the operator's hit rates. A second engine without a bus plays another instance, whose L1 is
 * empty.
 */

const BUS_WAIT_MS = 2000;

/** The in-process tier is used only while the bus is subscribed: wait for it, briefly. */
async function busUp(engine: CacheEngine): Promise<boolean> {
  const deadline = Date.now() + BUS_WAIT_MS;
  while (engine.status().bus !== 'up') {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

function tally(read: Omit<TracedRead, 'outcome'>): TracedRead {
  const count = (layer: string) => read.lines.filter((line) => line.layer === layer).length;
  const [redis, sql] = [count('redis'), count('sql')];
  const outcome =
    redis + sql === 0
      ? 'no Redis command and no SQL at all'
      : `${redis} Redis ${redis === 1 ? 'command' : 'commands'}, ${sql} SQL ${sql === 1 ? 'statement' : 'statements'}`;
  return { ...read, outcome };
}

async function traced(prefix: string, read: () => Promise<unknown>): Promise<TracedRead> {
  const { calls, elapsedMs } = await withTrace(read);
  return tally({ lines: describeCalls(calls, 0, prefix), elapsedMs });
}

export async function traceProductRead(
  redis: RedisClient,
  prefix: string,
  slug: string,
): Promise<ProductTrace> {
  const settings = {
    redis,
    keyPrefix: prefix,
    ttlSeconds: DEMO_TTL_POLICY.ttlMs / 1000,
    jitterSeconds: DEMO_TTL_POLICY.jitterMs / 1000,
  };
  const subscriber = createSubscriberClient({ connectionName: 'storefront-redis-demo-bus' });
  subscriber.on('error', () => {}); // a failure shows on the commands; an 'error' event must not crash
  const instance = new CacheEngine({ ...settings, subscriber });
  const otherInstance = new CacheEngine(settings);
  try {
    await busUp(instance);
    // Cold: as right after an admin's save (the entry dropped, its generation bumped).
    await instance.invalidate(productDetailKey(slug));
    const cold = await traced(prefix, () => readProductDetail(instance, slug));
    const warmL1 = await traced(prefix, () => readProductDetail(instance, slug));
    const warmRedis = await traced(prefix, () => readProductDetail(otherInstance, slug));
    return { slug, cold, warmL1, warmRedis };
  } finally {
    await Promise.all([instance.close(), otherInstance.close()]);
  }
}
