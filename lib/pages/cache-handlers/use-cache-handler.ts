import type { CacheEntry, CacheHandler } from 'next/cache';
import { engineKey, fromBase64, getCache, keptAs, ourTags, PAGE_L1_SECONDS, toBase64 } from './shared';

/*
 * The `'use cache'` handler (`cacheHandlers.default` and `.remote` in next.config.ts): cached data and
 * components in Redis through our engine, shared by every instance, instead of Next.js's per-process
 * memory. Invalidation is the engine's: an entry is registered under its tags when stored, and sweeping a
 * tag (an admin write, through the outbox, or Next's revalidateTag/updateTag) deletes it everywhere, L1
 * included; an entry whose render began before a sweep of one of its tags is never stored. So there are no
 * tag timestamps to check on read: getExpiration answers 0 and refreshTags has nothing to do. A stranger's
 * entry (a search's listing, tagged PAGE_TAGS.brief) is kept a minute, within the cache's budget.
 *
 * Redis down: every read is a miss and nothing is stored; the page renders from the data layer.
 */

const NAMESPACE = 'use-cache';
// The stored shape: bump when it changes, and older entries read as misses.
const SCHEMA = 1;

interface StoredEntry {
  value: string;
  tags: string[];
  stale: number;
  timestamp: number;
  expire: number;
  revalidate: number;
}

function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

function isStoredEntry(value: unknown): value is StoredEntry {
  const entry = value as Partial<StoredEntry> | null;
  return typeof entry?.value === 'string' && Array.isArray(entry.tags) && typeof entry.timestamp === 'number';
}

export const useCacheHandler: CacheHandler = {
  async get(cacheKey) {
    const found = await getCache().peek(engineKey(NAMESPACE, cacheKey), {
      schemaVersion: SCHEMA,
      l1TtlSeconds: PAGE_L1_SECONDS,
    });
    if (!found || !isStoredEntry(found.value)) return undefined;
    const { value, ...timing } = found.value;
    return { ...timing, tags: [...timing.tags], value: streamOf(fromBase64(value)) } satisfies CacheEntry;
  },

  async set(cacheKey, pendingEntry) {
    // The function began producing its value about now: a tag swept after this refuses the store.
    const startedAt = Date.now();
    let entry: CacheEntry;
    let bytes: Uint8Array;
    try {
      entry = await pendingEntry;
      bytes = new Uint8Array(await new Response(entry.value).arrayBuffer());
    } catch {
      return; // the function failed or its stream broke: an incomplete value is not worth keeping
    }
    const stored: StoredEntry = {
      value: toBase64(bytes),
      tags: entry.tags,
      stale: entry.stale,
      timestamp: entry.timestamp,
      expire: entry.expire,
      revalidate: entry.revalidate,
    };
    await getCache().storeProduced(engineKey(NAMESPACE, cacheKey), stored, {
      schemaVersion: SCHEMA,
      ...keptAs(entry.tags),
      startedAt,
    });
  },

  async refreshTags() {},

  async getExpiration() {
    return 0;
  },

  async updateTags(tags) {
    await getCache().invalidateTags(...ourTags(tags));
  },
};
