import { describe, expect, it } from 'vitest';
import { eventually, sleep } from '@/tooling/vitest/cache/harness';
import { cacheKey } from '@/lib/cache';
import { TAG_CLOCK_SKEW_MS } from '@/lib/cache/internals';
import type { ContractContext } from './context';

/**
 * Entries produced outside the engine (a Next.js render: lib/pages/cache-handlers): peek, claim and
 * storeProduced give them getOrLoad's guarantees, split at the loader.
 */
export function producedContract(ctx: ContractContext): void {
  describe('produced entries (peek / claim / storeProduced)', () => {
    it('one instance claims a cold entry; another waits and gets the value it stores', async () => {
      const a = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const b = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const key = cacheKey('page', 'cold');
      expect(await a.engine.peek(key)).toBeUndefined();
      const first = await a.engine.claim(key, { waitMs: 0 });
      expect(first.kind).toBe('claimed');
      if (first.kind !== 'claimed') return;

      const waiting = b.engine.claim(key, { waitMs: 5000 });
      await sleep(100); // B is polling the lock A holds
      const stored = await a.engine.storeProduced(
        key,
        { html: 'rendered once' },
        {
          lease: first.lease,
          startedAt: Date.now(),
        },
      );
      expect(stored).toBe(true);
      expect(await waiting).toEqual({ kind: 'filled', value: { html: 'rendered once' } });
      expect(await b.engine.peek(key)).toEqual({ value: { html: 'rendered once' } });
    });

    it('a claim given back lets the next claimant produce at once', async () => {
      const a = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const b = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const key = cacheKey('page', 'abandoned');
      const first = await a.engine.claim(key, { waitMs: 0 });
      if (first.kind !== 'claimed') throw new Error(`expected a claim, got ${first.kind}`);
      expect((await b.engine.claim(key, { waitMs: 0 })).kind).toBe('unavailable'); // held: busy
      a.engine.releaseClaim(first.lease);
      await eventually(
        async () => (await b.engine.claim(key, { waitMs: 0 })).kind === 'claimed',
        2000,
        'the lock',
      );
    });

    it('refuses a value whose production began before a sweep of one of its tags', async () => {
      const a = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const key = cacheKey('page', 'raced');
      const claim = await a.engine.claim(key, { waitMs: 0 });
      if (claim.kind !== 'claimed') throw new Error(`expected a claim, got ${claim.kind}`);
      await a.engine.invalidateTags('product:raced'); // an admin edit while the page renders
      const stored = await a.engine.storeProduced(
        key,
        { html: 'old' },
        {
          lease: claim.lease,
          tags: ['product:raced'],
          startedAt: Date.now(),
        },
      );
      expect(stored).toBe(false);
      expect(await a.engine.peek(key)).toBeUndefined();
      // Without a lease, the production's start decides the same way.
      const before = Date.now() - 2 * TAG_CLOCK_SKEW_MS;
      await a.engine.invalidateTags('product:raced');
      expect(
        await a.engine.storeProduced(key, { html: 'old' }, { tags: ['product:raced'], startedAt: before }),
      ).toBe(false);
      await sleep(TAG_CLOCK_SKEW_MS + 50);
      expect(
        await a.engine.storeProduced(
          key,
          { html: 'new' },
          { tags: ['product:raced'], startedAt: Date.now() },
        ),
      ).toBe(true);
      expect(await a.engine.peek(key)).toEqual({ value: { html: 'new' } });
    });

    it('holdsLocally: whether this instance’s L1 has the entry now, without asking Redis', async () => {
      const a = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const b = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const key = cacheKey('page', 'held');
      const options = { l1TtlSeconds: 60 };
      expect(a.engine.holdsLocally(key)).toBe(false);
      const stored = await a.engine.storeProduced(
        key,
        { html: 'v1' },
        { ...options, tags: ['product:held'], startedAt: Date.now() },
      );
      expect(stored).toBe(true);
      expect(a.engine.holdsLocally(key)).toBe(true); // a store fills the storing instance's L1
      expect(b.engine.holdsLocally(key)).toBe(false); // in Redis, not in B's L1 until B reads it
      await b.engine.peek(key, options);
      expect(b.engine.holdsLocally(key)).toBe(true);
      await a.engine.invalidateTags('product:held');
      expect(a.engine.holdsLocally(key)).toBe(false);
      await eventually(async () => !b.engine.holdsLocally(key), 2000, "B's L1 to drop the entry");
    });

    it('a sweep of its tag drops a stored entry from Redis and from every instance’s L1', async () => {
      const a = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const b = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const key = cacheKey('page', 'tagged');
      const stored = await a.engine.storeProduced(
        key,
        { html: 'v1' },
        {
          tags: ['product:tagged', 'pages:lists'],
          startedAt: Date.now(),
          l1TtlSeconds: 60,
        },
      );
      expect(stored).toBe(true);
      expect(await b.engine.peek(key, { l1TtlSeconds: 60 })).toEqual({ value: { html: 'v1' } }); // now in B's L1
      await a.engine.invalidateTags('pages:lists');
      expect(await ctx.admin().get(ctx.keysOf(key).value)).toBeNull();
      await eventually(async () => (await b.engine.peek(key)) === undefined, 2000, "B's L1 to drop the page");
    });
  });
}
