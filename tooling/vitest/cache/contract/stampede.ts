import { describe, expect, it } from 'vitest';
import { cacheKey } from '@/lib/cache';
import { eventually, metric, sleep, startWorker } from '@/tooling/vitest/cache/harness';
import type { WorkerArgs } from '@/tooling/vitest/cache/load-worker';
import type { ContractContext } from './context';

/** Single-flight in one process, the lock across instances and OS processes, renewal, holder death. */
export function stampedeContract(ctx: ContractContext): void {
  describe('stampede protection', () => {
    it('runs the loader once for 500 concurrent cold reads in one process', async () => {
      const { engine, registry } = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const key = cacheKey('product', 'hot');
      let runs = 0;
      const loader = async () => {
        runs += 1;
        await sleep(50);
        return { name: 'Hot' };
      };
      const values = await Promise.all(Array.from({ length: 500 }, () => engine.getOrLoad(key, loader)));
      expect(runs).toBe(1);
      expect(values.every((value) => value?.name === 'Hot')).toBe(true);
      expect(await metric(registry, 'storefront_cache_loads_total', { namespace: 'product' })).toBe(1);
      expect(await metric(registry, 'storefront_cache_requests_total', { result: 'miss' })).toBe(500);
      expect(await metric(registry, 'storefront_cache_lock_waits_total')).toBe(499);
      await engine.getOrLoad(key, loader);
      expect(await metric(registry, 'storefront_cache_tier_hits_total', { tier: 'l1' })).toBe(1);
    });

    it('runs the loader once for two instances reading one cold key at once', async () => {
      const a = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const b = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const key = cacheKey('product', 'shared');
      let runs = 0;
      const loader = async () => {
        runs += 1;
        await sleep(200);
        return { runs };
      };
      const reads = [a, b].flatMap(({ engine }) =>
        Array.from({ length: 250 }, () => engine.getOrLoad(key, loader)),
      );
      const values = await Promise.all(reads);
      expect(runs).toBe(1);
      expect(new Set(values.map((value) => value?.runs))).toEqual(new Set([1]));
      const waits =
        (await metric(a.registry, 'storefront_cache_lock_waits_total')) +
        (await metric(b.registry, 'storefront_cache_lock_waits_total'));
      expect(waits).toBe(499);
    });

    // The tests below start OS processes (tsx loading the engine): a few seconds each on a loaded
    // machine, three one after another in the takeover test, which a fresh-clone run saw pass 30 s.
    // The bound catches a hang, not a slow start.
    const PROCESS_TEST_TIMEOUT_MS = 90_000;

    const workerArgs = (overrides: Partial<WorkerArgs>): WorkerArgs => ({
      target: ctx.target(),
      keyPrefix: ctx.prefix(),
      namespace: 'product',
      id: 'cross-process',
      counterKey: `${ctx.prefix()}test-loads`,
      concurrency: 250,
      loaderMs: 300,
      lockTtlMs: 3000,
      lockWaitMs: 15_000,
      ...overrides,
    });

    it(
      'runs the loader once for 500 concurrent reads over two OS processes',
      async () => {
        const args = workerArgs({});
        const workers = [startWorker(args), startWorker(args)];
        await Promise.all(workers.map((worker) => worker.ready));
        for (const worker of workers) worker.go();
        const results = await Promise.all(workers.map((worker) => worker.result));
        expect(await ctx.admin().get(args.counterKey)).toBe('1');
        expect(results.flatMap((result) => result.errors)).toEqual([]);
        expect(new Set(results.flatMap((result) => result.values)).size).toBe(1);
      },
      PROCESS_TEST_TIMEOUT_MS,
    );

    it(
      'hands the load to exactly one waiter when the lock holder dies mid-load',
      async () => {
        const holder = startWorker(workerArgs({ concurrency: 1, loaderMs: 60_000, lockTtlMs: 1000 }));
        await holder.ready;
        holder.go();
        await eventually(
          async () => (await ctx.admin().get(`${ctx.prefix()}test-loads`)) === '1',
          10_000,
          'the holder to load',
        );
        const waiters = [1, 2].map(() =>
          startWorker(workerArgs({ concurrency: 50, loaderMs: 100, lockTtlMs: 1000 })),
        );
        await Promise.all(waiters.map((waiter) => waiter.ready));
        for (const waiter of waiters) waiter.go();
        await sleep(300); // both are now polling the holder's lock
        holder.kill();
        const results = await Promise.all(waiters.map((waiter) => waiter.result));
        expect(await ctx.admin().get(`${ctx.prefix()}test-loads`)).toBe('2'); // the dead holder's run, and one takeover
        expect(results.flatMap((result) => result.errors)).toEqual([]);
        expect(new Set(results.flatMap((result) => result.values)).size).toBe(1);
      },
      PROCESS_TEST_TIMEOUT_MS,
    );

    it('loads by itself (and still stores) when a live holder keeps the lock past the wait', async () => {
      const a = await ctx.engines.create({ keyPrefix: ctx.prefix() });
      const b = await ctx.engines.create({ keyPrefix: ctx.prefix(), lockWaitMs: 300 });
      const key = cacheKey('product', 'stuck');
      const stuck = a.engine.getOrLoad(key, () => sleep(2000).then(() => ({ by: 'a' })));
      await eventually(async () => (await ctx.admin().exists(ctx.keysOf(key).lock)) === 1, 2000, 'the lock');
      const started = performance.now();
      expect(await b.engine.getOrLoad(key, async () => ({ by: 'b' }))).toEqual({ by: 'b' });
      expect(performance.now() - started).toBeLessThan(1500);
      expect(await ctx.admin().get(ctx.keysOf(key).value)).toContain('"by":"b"');
      await stuck;
    });

    it('keeps others waiting while a loader outlives the lock TTL (renewal)', async () => {
      // A short TTL (the default is 3 s), renewed every third of it; not so short that a loaded machine's
      // stalled event loop (a fresh-clone suite saw one) outlasts the two thirds a renewal has to spare.
      const a = await ctx.engines.create({ keyPrefix: ctx.prefix(), lockTtlMs: 1000 });
      const b = await ctx.engines.create({ keyPrefix: ctx.prefix(), lockTtlMs: 1000 });
      const key = cacheKey('product', 'slow');
      let runs = 0;
      const loader = async () => {
        runs += 1;
        await sleep(3500);
        return { slow: true };
      };
      const first = a.engine.getOrLoad(key, loader);
      await eventually(async () => (await ctx.admin().exists(ctx.keysOf(key).lock)) === 1, 2000, 'the lock');
      const others = Array.from({ length: 100 }, () => b.engine.getOrLoad(key, loader));
      await sleep(2500); // two and a half lock TTLs later, the lock is still held: renewed
      const pttl = await ctx.admin().pttl(ctx.keysOf(key).lock);
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(1000);
      await Promise.all([first, ...others]);
      expect(runs).toBe(1);
      expect(await metric(b.registry, 'storefront_cache_lock_waits_total')).toBeGreaterThan(0);
    }, 15_000);
  });
}
