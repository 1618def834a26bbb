import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CacheEntry } from 'next/cache';
import { getCache } from '../../cache';
import { PageCache } from './page-handler';
import { useCacheHandler } from './use-cache-handler';

/*
 * The two Next.js cache handlers on the run's real Redis, through the process's engine, as Next.js calls
 * them. The engine's own guarantees for produced entries (one producer across instances, tag races, L1
 * through the bus) are in tooling/vitest/cache/contract/produced.ts, on standalone Redis and on a Cluster.
 */

beforeAll(() => {
  // Entries are stored under the build's id; tests have no build.
  process.env.NEXT_DEPLOYMENT_ID = `test-build-${randomBytes(4).toString('hex')}`;
});

const uniqueKey = (name: string) =>
  `/route-cache/APP_PAGE/${randomBytes(8).toString('hex')}/$/products/${name}`;

function appPage(tags: string[], status = 200) {
  return {
    kind: 'APP_PAGE' as const,
    html: '<!doctype html><h1>Lamp</h1>',
    rscData: Buffer.from('rsc payload \u0000 bytes'),
    headers: { 'x-next-cache-tags': ['_N_T_/layout', ...tags].join(',') },
    postponed: '{"postponed":true}',
    status,
    segmentData: new Map([['/_tree', Buffer.from([1, 2, 3, 250])]]),
  };
}

const pageContext = { kind: 'APP_PAGE', isFallback: false } as Parameters<PageCache['get']>[1];
const setContext = { cacheControl: { revalidate: 3600, expire: 86400 } } as Parameters<PageCache['set']>[2];

describe('the page cache (ISR cacheHandler)', () => {
  it('stores a rendered page after its miss and gives it back byte for byte, with its lifetime', async () => {
    const cache = new PageCache();
    const key = uniqueKey('lamp');
    expect(await cache.get(key, pageContext)).toBeNull(); // the miss: this process renders
    await cache.set(key, appPage(['product:lamp']) as never, setContext);
    const found = await cache.get(key, pageContext);
    expect(found?.cacheControl).toEqual({ revalidate: 3600, expire: 86400 });
    expect(found?.value).toMatchObject({
      kind: 'APP_PAGE',
      html: '<!doctype html><h1>Lamp</h1>',
      postponed: '{"postponed":true}',
      status: 200,
    });
    const value = found?.value as ReturnType<typeof appPage>;
    expect(value.rscData.equals(Buffer.from('rsc payload \u0000 bytes'))).toBe(true);
    expect(value.segmentData.get('/_tree')?.equals(Buffer.from([1, 2, 3, 250]))).toBe(true);
  });

  it('drops a page when a tag its render used is swept (an admin write), and re-renders it', async () => {
    const cache = new PageCache();
    const key = uniqueKey('desk');
    await cache.get(key, pageContext);
    await cache.set(key, appPage(['product:desk', 'product:lamp-related']) as never, setContext);
    expect(await cache.get(key, pageContext)).not.toBeNull();
    await getCache().invalidateTags('product:lamp-related');
    expect(await cache.get(key, pageContext)).toBeNull();
    // Next.js's own revalidateTag lands on the same sweep.
    await cache.set(key, appPage(['product:desk']) as never, setContext);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past the tag's clock-skew margin
    await cache.get(key, pageContext);
    await cache.set(key, appPage(['product:desk']) as never, setContext);
    expect(await cache.get(key, pageContext)).not.toBeNull();
    await cache.revalidateTag('product:desk');
    expect(await cache.get(key, pageContext)).toBeNull();
  });

  it('keeps no 404, no redirect and no kind it does not serve', async () => {
    const cache = new PageCache();
    for (const status of [404, 307, 500]) {
      const key = uniqueKey(`status-${status}`);
      await cache.get(key, pageContext);
      await cache.set(key, appPage([], status) as never, setContext);
      expect(await cache.get(key, pageContext)).toBeNull();
    }
    const fetchContext = { kind: 'FETCH' } as Parameters<PageCache['get']>[1];
    expect(await cache.get(uniqueKey('fetch'), fetchContext)).toBeNull();
  });
});

async function pendingEntry(bytes: Uint8Array, tags: string[]): Promise<CacheEntry> {
  return {
    value: new ReadableStream({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    }),
    tags,
    stale: 300,
    timestamp: Date.now(),
    expire: 86400,
    revalidate: 3600,
  };
}

const read = async (entry: CacheEntry | undefined) =>
  entry ? new Uint8Array(await new Response(entry.value).arrayBuffer()) : undefined;

describe("the 'use cache' handler (cacheHandlers.default and .remote)", () => {
  it('gives a stored entry back as a fresh stream each time, with its tags and timing', async () => {
    const key = `["build","fn-${randomBytes(4).toString('hex')}",["lamp"]]`;
    const bytes = new Uint8Array([0, 1, 2, 3, 255]);
    expect(await useCacheHandler.get(key, [])).toBeUndefined();
    await useCacheHandler.set(key, pendingEntry(bytes, ['product:lamp']));
    for (let i = 0; i < 2; i += 1) {
      const entry = await useCacheHandler.get(key, []);
      expect(entry).toMatchObject({ tags: ['product:lamp'], revalidate: 3600, expire: 86400, stale: 300 });
      expect(await read(entry)).toEqual(bytes);
    }
  });

  it('drops an entry when its tag is updated (revalidateTag/updateTag) or swept by the engine', async () => {
    const key = `["build","fn-${randomBytes(4).toString('hex')}",["chair"]]`;
    await useCacheHandler.set(key, pendingEntry(new Uint8Array([7]), ['product:chair-x']));
    expect(await useCacheHandler.get(key, [])).toBeDefined();
    await useCacheHandler.updateTags(['product:chair-x']);
    expect(await useCacheHandler.get(key, [])).toBeUndefined();
    expect(await useCacheHandler.getExpiration(['product:chair-x'])).toBe(0);
  });

  it('keeps nothing from a function that failed', async () => {
    const key = `["build","fn-${randomBytes(4).toString('hex')}",[]]`;
    await useCacheHandler.set(key, Promise.reject(new Error('render failed')));
    expect(await useCacheHandler.get(key, [])).toBeUndefined();
  });
});
