import { LRUCache } from 'lru-cache';
import { getCache, type CacheKey } from '../../cache';

/*
 * Which pages this process holds whole right now, by path: the page gate's cheap question before it reads
 * a page's data to decide its status (../page-gate.ts). The page cache (./page-handler.ts) notes the engine
 * key of each page it serves or stores; the answer is the engine's in-process tier (holdsLocally), which an
 * invalidation of anything the page shows empties on every instance (the bus). So "held" is only ever said
 * of a page that was a complete 200 when stored and has not been dropped since, and that Next.js is about
 * to send from that same tier. Anything else (never seen here, out of L1, the bus down, the cache off) is
 * "not held", and the gate reads the data as it would without this.
 *
 * On globalThis: the handler is installed from instrumentation.ts and proxy.ts is bundled apart, so each
 * would otherwise have a copy of this module of its own.
 */

const MAX_PATHS = 10_000;
const slot = globalThis as unknown as { storefrontHeldPages?: LRUCache<string, CacheKey> };
const engineKeys = () => (slot.storefrontHeldPages ??= new LRUCache({ max: MAX_PATHS }));

/**
 * The path of a page from Next.js's key for it, `/route-cache/APP_PAGE/<route hash>/$<path>` (`/index`
 * for `/`); undefined for another shape, which only means the gate keeps reading the data.
 */
export function pagePathOf(nextKey: string): string | undefined {
  const at = nextKey.indexOf('/$/');
  if (at < 0) return undefined;
  const path = nextKey.slice(at + 2);
  return path === '/index' ? '/' : path;
}

/** Notes the engine key under which the page of `nextKey` is kept (called on a hit or a store). */
export function notePageKey(nextKey: string, key: CacheKey): void {
  const path = pagePathOf(nextKey);
  if (path !== undefined) engineKeys().set(path, key);
}

/** Whether the page at `pathname` is held whole in this process now, ready to be sent as it is. */
export function holdsPageWhole(pathname: string): boolean {
  const key = engineKeys().get(pathname);
  return key !== undefined && getCache().holdsLocally(key);
}
