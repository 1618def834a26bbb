import { describe, expect, it } from 'vitest';
import { cacheKey } from '@/lib/cache';
import { eventually, metric, sleep } from '@/tooling/vitest/cache/harness';
import { keysWithPrefix } from '@/tooling/run-env';
import type { ContractContext } from './context';

/** Stale-while-revalidate, fail-safe and its back-off, value shapes and schema versions, TTLs and jitter. */
export function stalenessContract(ctx: ContractContext): void {
  describe('staleness', () => {
    it('answers a stale value at once and refreshes it once in the background', async () => {
      const { engine, registry } = await ctx.engines.create({
        keyPrefix: ctx.prefix(),
        ttlSeconds: 3,
        jitterSeconds: 0,
        staleSeconds: 2,
      });
      const key = cacheKey('product', 'swr');
      await engine.getOrLoad(key, async () => ({ version: 1 }));
      await sleep(1100); // past the soft expiry (1 s), before the hard one (3 s)
      let refreshes = 0;
      const slowRefresh = async () => {
        refreshes += 1;
        await sleep(1000);
        return { version: 2 };
      };
      const started = performance.now();
      const values = await Promise.all(Array.from({ length: 10 }, () => engine.getOrLoad(key, slowRefresh)));
      expect(performance.now() - started).toBeLessThan(700); // not waiting for the 1 s refresh
      expect(values).toEqual(Array.from({ length: 10 }, () => ({ version: 1 })));
      expect(await metric(registry, 'storefront_cache_requests_total', { result: 'stale' })).toBe(10);
      await eventually(
        async () => (await engine.getOrLoad(key, slowRefresh))?.version === 2,
        3000,
        'refresh',
      );
      expect(refreshes).toBe(1);
    });

    it('serves stale while the loader fails, backs off, and fails after the maximum staleness', async () => {
      const { engine } = await ctx.engines.create({
        keyPrefix: ctx.prefix(),
        ttlSeconds: 4,
        jitterSeconds: 0,
        staleSeconds: 3.5,
        failureBackoffMs: 10_000,
      });
      const key = cacheKey('product', 'fail-safe');
      await engine.getOrLoad(key, async () => ({ version: 1 }));
      // Taken once the write is done, never before it: a write slowed by a busy machine must not make the
      // wait below end before the entry's hard expiry (it failed so once, 200 ms early).
      const written = Date.now();
      await sleep(600);
      let attempts = 0;
      const failing = async (): Promise<{ version: number }> => {
        attempts += 1;
        throw new Error('database down');
      };
      for (let read = 0; read < 5; read += 1) {
        expect(await engine.getOrLoad(key, failing)).toEqual({ version: 1 });
        await sleep(200);
      }
      expect(attempts).toBe(1); // one background attempt, then backing off
      await sleep(Math.max(0, written + 4200 - Date.now())); // past the hard expiry (4 s)
      await expect(engine.getOrLoad(key, failing)).rejects.toThrow('database down');
    });

    it('treats entries of another schema version, or unreadable ones, as misses', async () => {
      const { engine } = await ctx.engines.create({ keyPrefix: ctx.prefix(), bus: false });
      const key = cacheKey('product', 'schema');
      await engine.getOrLoad(key, async () => ({ shape: 'v1' }), { schemaVersion: 1 });
      expect(await engine.getOrLoad(key, async () => ({ shape: 'v2' }), { schemaVersion: 2 })).toEqual({
        shape: 'v2',
      });
      await ctx.admin().set(ctx.keysOf(key).value, 'not json', 'PX', 60_000);
      expect(await engine.getOrLoad(key, async () => ({ shape: 'v3' }), { schemaVersion: 2 })).toEqual({
        shape: 'v3',
      });
    });
  });

  describe('values', () => {
    it('answers one frozen, plain-JSON shape from the loader, L1 and Redis alike', async () => {
      const a = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const b = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const key = cacheKey('product', 'shape');
      const loader = async () => ({ at: new Date(0), absent: undefined, list: [1] });
      const loaded = await a.engine.getOrLoad(key, loader);
      const fromL1 = await a.engine.getOrLoad(key, loader);
      const fromRedis = await b.engine.getOrLoad(key, loader);
      const plain = { at: '1970-01-01T00:00:00.000Z', list: [1] };
      for (const value of [loaded, fromL1, fromRedis]) expect(value).toStrictEqual(plain);
      expect(Object.isFrozen(loaded?.list)).toBe(true);
    });
  });

  describe('keys', () => {
    it('writes every key with a TTL, and jitter spreads the entries', async () => {
      const { engine } = await ctx.engines.create({
        keyPrefix: ctx.prefix(),
        ttlSeconds: 100,
        jitterSeconds: 20,
      });
      const ids = Array.from({ length: 100 }, (_, index) => `item-${index}`);
      await Promise.all(ids.map((id) => engine.getOrLoad(cacheKey('product', id), async () => ({ id }))));
      await engine.getOrLoad(cacheKey('product', 'missing'), async () => null);
      await engine.invalidate(cacheKey('product', 'item-0'));
      await engine.getOrLoad(cacheKey('listing', 'all', { versioned: true }), async () => ['a']);
      await engine.invalidateNamespace('listing');
      const slow = engine.getOrLoad(cacheKey('product', 'locked'), () => sleep(500).then(() => ({})));
      await eventually(
        async () => (await ctx.admin().exists(ctx.keysOf(cacheKey('product', 'locked')).lock)) === 1,
      );

      const keys = await keysWithPrefix(ctx.prefix(), ctx.admin());
      // 99 values, a negative, a generation, a listing, its version (and the lock, unless already released)
      expect(keys.length).toBeGreaterThanOrEqual(103);
      for (const key of keys) {
        const pttl = await ctx.admin().pttl(key);
        expect(pttl === -2 || pttl > 0, `${key} has PTTL ${pttl}`).toBe(true);
      }
      const ttls = await Promise.all(
        ids.slice(1).map((id) => ctx.admin().pttl(ctx.keysOf(cacheKey('product', id)).value)),
      );
      for (const ttl of ttls) {
        expect(ttl).toBeGreaterThan(79_000);
        expect(ttl).toBeLessThanOrEqual(120_000);
      }
      expect(new Set(ttls.map((ttl) => Math.round(ttl / 100))).size).toBeGreaterThan(20);
      expect(ctx.keysOf(cacheKey('product', 'item-1')).value).toContain('cache:product:');
      await slow;
    });
  });
}
