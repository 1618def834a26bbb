import Redis from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { RedisTarget } from '@/lib/redis/client';
import { cacheKeys } from '@/lib/redis/keys';
import { cacheKey } from '@/lib/cache';
import { createEnvelope, encodeEnvelope } from '@/lib/cache/internals';
import { eventually, metric, sleep } from '@/tooling/vitest/cache/harness';
import type { ContractContext } from './context';

/** No stale set (same or another instance), the L1 bus and its reconnects, negative entries, namespaces. */
export function invalidationContract(ctx: ContractContext): void {
  describe('invalidation', () => {
    it('never stores a value loaded before an invalidation (stale-set race, same instance)', async () => {
      const { engine } = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const key = cacheKey('product', 'race');
      let database = 'old';
      let hasRead!: () => void;
      const read = new Promise<void>((resolve) => (hasRead = resolve));
      const slowLoader = async () => {
        const seen = database;
        hasRead();
        await sleep(400);
        return { seen };
      };
      const inFlight = engine.getOrLoad(key, slowLoader);
      await read; // the load has read the database (a fixed 100 ms was too short on a loaded machine)
      database = 'new';
      await engine.invalidate(key);
      expect(await inFlight).toEqual({ seen: 'old' }); // answers the request that started before
      expect(await ctx.admin().get(ctx.keysOf(key).value)).toBeNull(); // but was not stored in Redis…
      expect(await engine.getOrLoad(key, async () => ({ seen: database }))).toEqual({ seen: 'new' }); // …nor L1
    });

    it('never stores a value loaded before an invalidation made by another instance', async () => {
      const a = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const b = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const key = cacheKey('product', 'remote-race');
      let database = 'old';
      let hasRead!: () => void;
      const read = new Promise<void>((resolve) => (hasRead = resolve));
      const loader = async () => {
        const seen = database;
        hasRead();
        await sleep(400);
        return { seen };
      };
      const inFlight = a.engine.getOrLoad(key, loader);
      await read;
      database = 'new';
      await b.engine.invalidate(key);
      await inFlight;
      expect(await ctx.admin().get(ctx.keysOf(key).value)).toBeNull();
      expect(await a.engine.getOrLoad(key, loader)).toEqual({ seen: 'new' });
    });

    it("drops other instances' L1 copies through the bus", async () => {
      const a = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const b = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const key = cacheKey('product', 'coherent');
      let database = 1;
      const loader = async () => ({ version: database });
      await a.engine.getOrLoad(key, loader);
      await b.engine.getOrLoad(key, loader);
      expect(await b.engine.getOrLoad(key, loader)).toEqual({ version: 1 });
      expect(await metric(b.registry, 'storefront_cache_tier_hits_total', { tier: 'l1' })).toBe(1);
      database = 2;
      await a.engine.invalidate(key);
      await eventually(
        async () => (await b.engine.getOrLoad(key, loader))?.version === 2,
        2000,
        'B to see v2',
      );
    });

    it('keeps a per-call l1TtlSeconds entry past the default cap, and still drops it on invalidation', async () => {
      const a = await ctx.engines.create({ keyPrefix: ctx.prefix(), l1TtlSeconds: 0.2 });
      const b = await ctx.engines.create({ keyPrefix: ctx.prefix(), l1TtlSeconds: 0.2 });
      const longLived = cacheKey('category', 'all');
      const shortLived = cacheKey('product', 'short');
      let database = 1;
      const loader = async () => ({ version: database });
      await b.engine.getOrLoad(longLived, loader, { l1TtlSeconds: 60 });
      await b.engine.getOrLoad(shortLived, loader);
      await sleep(400); // past the engine's 0.2 s cap
      await b.engine.getOrLoad(longLived, loader, { l1TtlSeconds: 60 });
      await b.engine.getOrLoad(shortLived, loader);
      expect(await metric(b.registry, 'storefront_cache_tier_hits_total', { tier: 'l1' })).toBe(1);
      expect(await metric(b.registry, 'storefront_cache_tier_hits_total', { tier: 'l2' })).toBe(1);
      database = 2;
      await a.engine.invalidate(longLived);
      await eventually(
        async () => (await b.engine.getOrLoad(longLived, loader, { l1TtlSeconds: 60 }))?.version === 2,
        2000,
        'B to drop its long-lived L1 copy',
      );
    });

    it('flushes L1 when the bus reconnects (messages were lost meanwhile)', async () => {
      const b = await ctx.engines.create({ keyPrefix: ctx.prefix(), l1TtlSeconds: 60 });
      const key = cacheKey('product', 'lost-message');
      const never = async (): Promise<{ version: number }> => {
        throw new Error('should be cached');
      };
      await b.engine.getOrLoad(key, async () => ({ version: 1 }));
      // An update whose invalidation message B never receives: the entry changes in Redis, silently.
      const now = Date.now();
      const expiry = { softExpiresAt: now + 60_000, hardExpiresAt: now + 120_000, px: 120_000 };
      const updated = encodeEnvelope(createEnvelope({ version: 2 }, 1, now, expiry));
      await ctx.admin().set(ctx.keysOf(key).value, updated, 'PX', 120_000);
      expect(await b.engine.getOrLoad(key, never)).toEqual({ version: 1 }); // B's L1 still has v1
      await killConnection(ctx.target(), b.subscriberName);
      await eventually(
        () => b.engine.status().l1Entries === 0 && b.engine.status().bus === 'up',
        5000,
        'reconnect',
      );
      expect(await b.engine.getOrLoad(key, never)).toEqual({ version: 2 });
    });

    it('makes a created item visible at once after a remembered "not found"', async () => {
      const { engine, registry } = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const key = cacheKey('product', 'not-yet');
      let database: { name: string } | null = null;
      let runs = 0;
      const loader = async () => {
        runs += 1;
        return database;
      };
      expect(await engine.getOrLoad(key, loader)).toBeNull();
      database = { name: 'Created' };
      expect(await engine.getOrLoad(key, loader)).toBeNull(); // remembered, not reloaded
      expect(runs).toBe(1);
      expect(await metric(registry, 'storefront_cache_requests_total', { result: 'negative' })).toBe(1);
      const pttl = await ctx.admin().pttl(ctx.keysOf(key).value);
      expect(pttl).toBeGreaterThan(50_000);
      expect(pttl).toBeLessThanOrEqual(66_000);
      await engine.invalidate(key);
      expect(await engine.getOrLoad(key, loader)).toEqual({ name: 'Created' });
    });

    it('drops a whole versioned namespace, and only it', async () => {
      const a = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const b = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const page = cacheKey('listing', 'page=1&category=shoes', { versioned: true });
      const product = cacheKey('product', 'shoe');
      let database = 1;
      const loader = async () => ({ version: database });
      for (const { engine } of [a, b]) {
        await engine.getOrLoad(page, loader);
        await engine.getOrLoad(product, loader);
      }
      database = 2;
      await a.engine.invalidateNamespace('listing');
      for (const { engine } of [a, b]) {
        expect(await engine.getOrLoad(page, loader)).toEqual({ version: 2 });
        expect(await engine.getOrLoad(product, loader)).toEqual({ version: 1 });
      }
      const version = await ctx.admin().get(cacheKeys(ctx.prefix()).namespaceVersion('listing'));
      expect(Number(version)).toBeGreaterThan(0);
      expect(await ctx.admin().exists(ctx.keysOf(page, version ?? '').value)).toBe(1);
    });
  });
}

/** Kills a client connection by name (CLIENT KILL ID) on the node it is connected to. */
async function killConnection(target: RedisTarget, name: string): Promise<void> {
  const node = 'url' in target ? new Redis(target.url) : new Redis(target.clusterNodes[0] ?? {});
  try {
    const list = String(await node.client('LIST'));
    const line = list.split('\n').find((entry) => entry.includes(` name=${name} `));
    const id = line?.match(/^id=(\d+)/)?.[1];
    if (!id) throw new Error(`no connection named ${name}`);
    await node.client('KILL', 'ID', id);
  } finally {
    node.disconnect();
  }
}
