import { describe, expect, it } from 'vitest';
import { eventually, metric, sleep } from '@/tooling/vitest/cache/harness';
import { keysWithPrefix } from '@/tooling/run-env';
import { cacheKey } from '@/lib/cache';
import type { ContractContext } from './context';

/** Invalidation by tag: every tagged entry everywhere, no stale set, tags from the value, queued sweeps. */
export function tagsContract(ctx: ContractContext): void {
  describe('tags', () => {
    it('drops every entry stored with a tag, in Redis and in every instance’s L1, and only those', async () => {
      const a = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const b = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const entries = [
        { key: cacheKey('product', 'lamp'), tags: ['product:lamp'] },
        { key: cacheKey('product', 'desk'), tags: ['product:desk', 'product:lamp'] },
        { key: cacheKey('listing', 'p1', { versioned: true }), tags: ['product:lamp', 'product:chair'] },
        { key: cacheKey('product', 'chair'), tags: ['product:chair'] },
      ];
      let database = 1;
      const loader = async () => ({ version: database });
      const readAll = (engine: typeof a.engine) =>
        Promise.all(entries.map(({ key, tags }) => engine.getOrLoad(key, loader, { tags })));
      await readAll(a.engine);
      await readAll(b.engine);
      await readAll(b.engine); // from B's L1
      expect(await metric(b.registry, 'storefront_cache_tier_hits_total', { tier: 'l1' })).toBe(4);
      database = 2;
      await a.engine.invalidateTags('product:lamp');
      expect(await ctx.admin().get(ctx.keysOf(entries[0]!.key).value)).toBeNull();
      expect(await ctx.admin().get(ctx.keysOf(entries[1]!.key).value)).toBeNull();
      expect(await ctx.admin().get(ctx.keysOf(entries[3]!.key).value)).not.toBeNull();
      const expected = [2, 2, 2, 1].map((version) => ({ version }));
      expect(await readAll(a.engine)).toEqual(expected);
      // B's L1 copies go through the bus, well before the L1's own 5 s cap.
      await eventually(
        async () => JSON.stringify(await readAll(b.engine)) === JSON.stringify(expected),
        2000,
        "B's L1 to drop the tagged entries",
      );
    });

    it('never stores a value whose load began before invalidateTags (the load is held mid-flight)', async () => {
      const a = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const b = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const key = cacheKey('product', 'held');
      let database = 'old';
      let started = false;
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const loader = async () => {
        const seen = database;
        started = true;
        await held;
        return { seen };
      };
      const inFlight = a.engine.getOrLoad(key, loader, { tags: ['product:held'] });
      await eventually(() => started, 2000, 'the load to start');
      database = 'new';
      await b.engine.invalidateTags('product:held'); // the set is empty yet: the load has not registered
      release();
      expect(await inFlight).toEqual({ seen: 'old' }); // answers the request that began before …
      expect(await ctx.admin().get(ctx.keysOf(key).value)).toBeNull(); // … but is not stored
      expect(await a.engine.getOrLoad(key, async () => ({ seen: database }))).toEqual({ seen: 'new' });
    });

    it('computes tags from the loaded value, "not found" included', async () => {
      const { engine } = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const page = cacheKey('product', 'sofa');
      const missing = cacheKey('product', 'ghost');
      let database = 1;
      const tagsOf = (value: { related: string[] } | null) =>
        value ? value.related.map((slug) => `product:${slug}`) : ['product:ghost'];
      const loadPage = async () => ({ related: ['cushion', 'rug'], version: database });
      await engine.getOrLoad(page, loadPage, { tags: tagsOf });
      await engine.getOrLoad(missing, async () => null, { tags: tagsOf });
      database = 2;
      await engine.invalidateTags('product:sofa'); // not among its tags
      expect((await engine.getOrLoad(page, loadPage, { tags: tagsOf }))?.version).toBe(1);
      await engine.invalidateTags('product:rug');
      expect((await engine.getOrLoad(page, loadPage, { tags: tagsOf }))?.version).toBe(2);
      await engine.invalidateTags('product:ghost');
      expect(await engine.getOrLoad(missing, async () => ({ related: [], version: 1 }))).toEqual({
        related: [],
        version: 1,
      });
    });

    it('queues invalidateTags while Redis is unreachable and applies it before the next read', async () => {
      const { engine, redis } = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const key = cacheKey('product', 'offline-edit');
      let database = 1;
      const loader = async () => ({ version: database });
      await engine.getOrLoad(key, loader, { tags: ['product:offline-edit'] });
      expect(await engine.getOrLoad(key, loader)).toEqual({ version: 1 }); // cached (and in L1)
      const back = new Promise((resolve) => redis.once('ready', resolve));
      redis.disconnect(true); // drops the connection; the client reconnects by itself shortly
      database = 2;
      await engine.invalidateTags('product:offline-edit');
      expect(engine.status().pendingInvalidations).toBe(1);
      // Back well within the queue's 1 s retry timer: the next read must apply it first.
      await back;
      expect(await ctx.admin().get(ctx.keysOf(key).value)).toContain('"version":1'); // not applied yet
      expect(await engine.getOrLoad(key, loader)).toEqual({ version: 2 }); // not version 1 from L1 or Redis
      expect(engine.status().pendingInvalidations).toBe(0);
      expect(await ctx.admin().get(ctx.keysOf(key).value)).not.toContain('"version":1');
    });

    it('keeps every tag script in one slot (no CROSSSLOT) and every tag key with a TTL', async () => {
      const { engine, registry } = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const tags = Array.from({ length: 12 }, (_, index) => `tag-${index}`); // spread over the Cluster's slots
      const keys = ['a', 'b', 'c'].map((id) => cacheKey('product', id));
      for (const key of keys) await engine.getOrLoad(key, async () => ({ id: key.id }), { tags });
      for (const key of keys) expect(await ctx.admin().get(ctx.keysOf(key).value)).not.toBeNull(); // stored
      await engine.invalidateTags(...tags);
      for (const key of keys) expect(await ctx.admin().get(ctx.keysOf(key).value)).toBeNull();
      expect(await metric(registry, 'storefront_cache_errors_total')).toBe(0);
      await sleep(50);
      for (const key of await keysWithPrefix(ctx.prefix(), ctx.admin())) {
        const pttl = await ctx.admin().pttl(key);
        expect(pttl === -2 || pttl > 0, `${key} has PTTL ${pttl}`).toBe(true);
      }
    });
  });
}
