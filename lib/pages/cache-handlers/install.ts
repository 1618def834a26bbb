import { PageCache } from './page-handler';
import { useCacheHandler } from './use-cache-handler';

/*
 * Next.js loads cache handlers by file path, outside its TypeScript bundling (at build time, and with
 * Node's own loader for `cacheHandler`). So the files next.config.ts names are two plain JavaScript shims
 * (./next/*.mjs) that forward to the implementations installed here, from instrumentation.ts, once the
 * server starts. Until then, and during `next build` (no Redis, no database), the shims cache nothing.
 */

const PAGE_CACHE = Symbol.for('storefront.pageCache');
const USE_CACHE = Symbol.for('storefront.useCache');

export function installPageCacheHandlers(): void {
  const slots = globalThis as unknown as Record<symbol, unknown>;
  slots[PAGE_CACHE] = new PageCache();
  slots[USE_CACHE] = useCacheHandler;
}
