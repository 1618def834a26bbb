import { afterAll, describe, expect, it } from 'vitest';
import { getConfig } from '../config';
import { getMetricsRegistry } from '../metrics/registry';
import { cacheKey, closeCache, getCache } from './index';
import { eventually } from '@/tooling/vitest/cache/harness';

describe('getCache()', () => {
  afterAll(() => closeCache());

  it('is one engine per process, configured from the environment and counted on the process registry', async () => {
    const cache = getCache();
    expect(getCache()).toBe(cache);
    expect(cache.keyPrefix).toBe(getConfig().REDIS_KEY_PREFIX);
    await eventually(() => cache.status().bus === 'up', 5000, 'the bus');
    const key = cacheKey('wiring', `run-${Date.now()}`);
    expect(await cache.getOrLoad(key, async () => ({ ok: true }))).toEqual({ ok: true });
    expect(await cache.getOrLoad(key, async () => ({ ok: false }))).toEqual({ ok: true });
    await cache.invalidate(key);
    const text = await getMetricsRegistry().metrics();
    expect(text).toContain('storefront_cache_requests_total{namespace="wiring",result="hit"} 1');
  });
});
