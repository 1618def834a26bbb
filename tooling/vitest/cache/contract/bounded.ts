import { describe, expect, it } from 'vitest';
import { cacheKey } from '@/lib/cache';
import { writeIfGenerationScript } from '@/lib/cache/internals';
import { runScript } from '@/lib/redis/lua';
import { cacheKeys } from '@/lib/redis/keys';
import { keysWithPrefix } from '@/tooling/run-env';
import { eventually, metric, sleep } from '@/tooling/vitest/cache/harness';
import type { ContractContext } from './context';

/** Starts a test's budget counting well inside one minute (the budget's period), never across two. */
async function awayFromMinuteEdge(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 50_000) await sleep(60_000 - intoMinute + 50);
}

/**
 * What strangers can make the engine keep: brief entries (a "not found", or marked `brief`) live about a
 * minute and only within their namespace's budget; a tag's set holds only entries that can still be served
 * and expires with the last of them.
 */
export function boundedContract(ctx: ContractContext): void {
  describe('a bounded keyspace', () => {
    it('keeps brief entries briefly, never stale, and no more per minute than the budget', async () => {
      const { engine, registry } = await ctx.engines.create({
        keyPrefix: ctx.prefix(),
        briefTtlSeconds: 2,
        briefEntriesPerMinute: 3,
      });
      await awayFromMinuteEdge();
      const searches = Array.from({ length: 5 }, (_, index) => cacheKey('listing', `q-${index}`));
      let loads = 0;
      const loader = async () => ({ items: [], load: ++loads });
      for (const key of searches) await engine.getOrLoad(key, loader, { brief: true });
      const stored = await Promise.all(searches.map((key) => ctx.admin().get(ctx.keysOf(key).value)));
      expect(stored.map((value) => value !== null)).toEqual([true, true, true, false, false]);
      expect(await metric(registry, 'storefront_cache_over_budget_total', { namespace: 'listing' })).toBe(2);
      const ttl = await ctx.admin().pttl(ctx.keysOf(searches[0]!).value);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(2200);
      // Over the budget the value still answers (loaded again: nothing was kept).
      expect(await engine.getOrLoad(searches[4]!, loader, { brief: true })).toEqual({ items: [], load: 6 });
      // An entry computed brief from its value, and a "not found", count against the same budget: spent.
      const odd = cacheKey('listing', 'page-9000');
      await engine.getOrLoad(odd, async () => ({ items: [] }), { brief: (page) => page.items.length === 0 });
      await engine.getOrLoad(cacheKey('listing', 'ghost'), async () => null);
      expect(await ctx.admin().get(ctx.keysOf(odd).value)).toBeNull();
      // A regular entry is not brief: stored for the regular TTL, whatever the budget.
      const regular = cacheKey('listing', 'page-1');
      await engine.getOrLoad(regular, async () => ({ items: [1] }), {
        brief: (page) => page.items.length === 0,
      });
      expect(await ctx.admin().pttl(ctx.keysOf(regular).value)).toBeGreaterThan(60_000);
      await sleep(2300);
      expect(await ctx.admin().get(ctx.keysOf(searches[0]!).value)).toBeNull(); // gone, never served stale
    });

    it('counts the bytes of brief entries against the budget too', async () => {
      const { engine } = await ctx.engines.create({ keyPrefix: ctx.prefix(), briefBytesPerMinute: 4096 });
      await awayFromMinuteEdge();
      const big = { text: 'x'.repeat(1500) };
      const keys = Array.from({ length: 4 }, (_, index) => cacheKey('listing', `big-${index}`));
      for (const key of keys) await engine.getOrLoad(key, async () => big, { brief: true });
      const stored = await Promise.all(keys.map((key) => ctx.admin().get(ctx.keysOf(key).value)));
      expect(stored.map((value) => value !== null)).toEqual([true, true, false, false]);
    });

    it('leaves a "not found" tag set that lives as long as its entry, not a week', async () => {
      const { engine } = await ctx.engines.create({ keyPrefix: ctx.prefix(), briefTtlSeconds: 1 });
      const ghost = cacheKey('product', 'no-such-product');
      await engine.getOrLoad(ghost, async () => null, { tags: ['product:no-such-product'] });
      const tagKeys = cacheKeys(ctx.prefix()).tag('product:no-such-product');
      const entryTtl = await ctx.admin().pttl(ctx.keysOf(ghost).value);
      const setTtl = await ctx.admin().pttl(tagKeys.members);
      expect(entryTtl).toBeGreaterThan(0);
      expect(setTtl).toBeGreaterThanOrEqual(entryTtl); // the member outlives its entry …
      expect(setTtl).toBeLessThan(entryTtl + 15_000); // … by the write's window and the clock margin only
      expect(await ctx.admin().zcard(tagKeys.members)).toBe(1);
    });

    it("drops a tag's members whose entries expired, and expires the set with its last member", async () => {
      const windows = { keyPrefix: ctx.prefix(), tagWriteWindowMs: 500 };
      const short = await ctx.engines.create({ ...windows, briefTtlSeconds: 1 });
      const regular = await ctx.engines.create({ ...windows, ttlSeconds: 60, jitterSeconds: 0 });
      const tag = 'pages:product-lists';
      const members = cacheKeys(ctx.prefix()).tag(tag).members;
      for (let index = 0; index < 5; index += 1) {
        const key = cacheKey('listing', `search-${index}`);
        await short.engine.getOrLoad(key, async () => ({ index }), { tags: [tag], brief: true });
      }
      expect(await ctx.admin().zcard(members)).toBe(5);
      // Past the searches' life (1 s ± 10 %) and their members' (+ the write window and clock margin).
      await sleep(1300);
      const keys = await keysWithPrefix(ctx.prefix(), ctx.admin());
      expect(keys.filter((key) => key.includes('search-'))).toEqual([]);
      const page = cacheKey('listing', 'page-1');
      await regular.engine.getOrLoad(page, async () => ({ page: 1 }), { tags: [tag] });
      // The set's TTL is its longest member's: the regular page's 60 s and its margins (1.5 s).
      const setTtl = await ctx.admin().pttl(members);
      expect(setTtl).toBeGreaterThan(60_000);
      expect(setTtl).toBeLessThan(62_000);
      // The searches' members may have been within their margin at that registration; the next one past it
      // drops them, leaving only what can still be served.
      await sleep(2000);
      await regular.engine.getOrLoad(cacheKey('listing', 'page-2'), async () => ({ page: 2 }), {
        tags: [tag],
      });
      expect(await ctx.admin().zcard(members)).toBe(2);
      // An invalidation sweeps only those.
      await regular.engine.invalidateTags(tag);
      expect(await ctx.admin().exists(members)).toBe(0);
      expect(await ctx.admin().get(ctx.keysOf(page).value)).toBeNull();
    });

    it('refuses a write that lands after the time its tag registrations allow', async () => {
      const keys = ctx.keysOf(cacheKey('product', 'late'));
      const write = (writeBy: number | '') =>
        runScript(
          ctx.admin(),
          writeIfGenerationScript,
          [keys.value, keys.generation, keys.lock],
          ['0', '{}', 60_000, '', writeBy],
        );
      expect(await write(1)).toBe(0); // long past
      expect(await ctx.admin().get(keys.value)).toBeNull();
      expect(await write(Date.now() + 60_000)).toBe(1);
      expect(await write('')).toBe(1); // untagged: no deadline
      await eventually(async () => (await ctx.admin().pttl(keys.value)) > 0, 1000, 'a TTL on the entry');
    });
  });
}
