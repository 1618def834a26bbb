import type { CacheHandler, CacheHandlerValue } from 'next/dist/server/lib/incremental-cache';
import type { CacheKey, ProducerLease } from '../../cache';
import { notePageKey } from './held-pages';
import { engineKey, fromBase64, getCache, keptAs, ourTags, PAGE_L1_SECONDS, toBase64 } from './shared';

/*
 * The page cache (`cacheHandler` in next.config.ts): whole rendered pages (HTML shell, RSC payload,
 * segments, and the postponed state from which Next.js renders the per-request holes) in Redis through
 * our engine, shared by every instance, under the build's id.
 *
 * - A cold page is rendered once across the fleet: the first instance to miss takes the engine's lock
 *   (claim) and renders; the others wait for its entry (up to RENDER_WAIT_MS) instead of rendering too.
 * - The entry is registered under the tags its render used (productTag(slug), PAGE_TAGS): the one
 *   invalidation that drops an admin-edited product's data drops its pages on every instance, and a page
 *   whose render began before that invalidation is never stored.
 * - Only complete pages are kept: a 404, or a render that ended in the 503 redirect, is served but not
 *   stored (random URLs must not fill Redis; an outage must not outlive itself). A page whose render
 *   carried PAGE_TAGS.brief (a stranger's) is kept a minute, within the cache's budget.
 * - Redis down: every read is a miss and nothing is stored; pages render from the data layer.
 * - Each page found or stored is noted by its path (./held-pages.ts): while the in-process tier holds it,
 *   proxy.ts sends it on without reading its data first.
 */

const NAMESPACE = 'page';
const SCHEMA = 1;
/** How long an instance waits for another's render of the same cold page before rendering it itself. */
const RENDER_WAIT_MS = 5000;
/** A render not stored within this long gives its lock back (it failed, or was not worth keeping). */
const MAX_RENDER_MS = 30_000;

type CacheValue = NonNullable<CacheHandlerValue['value']>;
type GetContext = Parameters<CacheHandler['get']>[1];
type SetContext = Parameters<CacheHandler['set']>[2];

/** The kinds of entry kept: app pages and route handler responses. */
const KEPT_KINDS = new Set(['APP_PAGE', 'APP_ROUTE']);

interface StoredPage {
  lastModified: number;
  cacheControl?: CacheHandlerValue['cacheControl'];
  value: StoredValue;
}

type StoredValue =
  | {
      kind: 'APP_PAGE';
      html: string;
      rscData: string | null;
      headers: Record<string, string | string[] | number | undefined> | null;
      postponed: string | null;
      status: number | null;
      segmentData: Array<[string, string]> | null;
    }
  | {
      kind: 'APP_ROUTE';
      body: string;
      status: number;
      headers: Record<string, string | string[] | number | undefined>;
    };

function encode(value: CacheValue): StoredValue | undefined {
  if (value.kind === 'APP_PAGE') {
    // A string in every entry Next.js hands a handler (its type allows a render result: be safe).
    const html =
      typeof value.html === 'string'
        ? value.html
        : (value.html as { toUnchunkedString(): string }).toUnchunkedString();
    return {
      kind: 'APP_PAGE',
      html,
      rscData: value.rscData ? toBase64(value.rscData) : null,
      headers: (value.headers as StoredPage['value']['headers']) ?? null,
      postponed: value.postponed ?? null,
      status: value.status ?? null,
      segmentData: value.segmentData
        ? [...value.segmentData].map(([id, data]) => [id, toBase64(data)])
        : null,
    };
  }
  if (value.kind === 'APP_ROUTE') {
    return {
      kind: 'APP_ROUTE',
      body: toBase64(value.body),
      status: value.status,
      headers: value.headers as Record<string, string>,
    };
  }
  return undefined;
}

function decode(stored: StoredPage): CacheHandlerValue {
  const { value } = stored;
  const decoded =
    value.kind === 'APP_PAGE'
      ? {
          kind: value.kind,
          html: value.html,
          rscData: value.rscData === null ? undefined : fromBase64(value.rscData),
          headers: value.headers ?? undefined,
          postponed: value.postponed ?? undefined,
          status: value.status ?? undefined,
          segmentData:
            value.segmentData === null
              ? undefined
              : new Map(value.segmentData.map(([id, data]) => [id, fromBase64(data)])),
        }
      : { kind: value.kind, body: fromBase64(value.body), status: value.status, headers: value.headers };
  return {
    lastModified: stored.lastModified,
    cacheControl: stored.cacheControl,
    value: decoded as CacheHandlerValue['value'],
  };
}

/** A complete 200 page: what is worth keeping. */
function keepable(value: CacheValue | null): value is CacheValue {
  if (!value || !KEPT_KINDS.has(value.kind)) return false;
  const status = 'status' in value ? value.status : undefined;
  return status === undefined || status === 200;
}

/** The explicit tags the render used (from the header Next.js sets on the entry), and whether it is brief. */
function keptAsOf(value: CacheValue) {
  const header = 'headers' in value ? value.headers?.['x-next-cache-tags'] : undefined;
  return keptAs(typeof header === 'string' ? header.split(',') : []);
}

function isStoredPage(value: unknown): value is StoredPage {
  const page = value as Partial<StoredPage> | null;
  return typeof page?.lastModified === 'number' && typeof page.value?.kind === 'string';
}

interface PendingRender {
  lease?: ProducerLease;
  startedAt: number;
  timer: NodeJS.Timeout;
}

export class PageCache implements Omit<CacheHandler, 'resetRequestCache'> {
  /** This process's renders since their miss, by Next.js key: what set() stores under. */
  private static readonly renders = new Map<string, PendingRender>();

  async get(key: string, ctx: GetContext): Promise<CacheHandlerValue | null> {
    if (!KEPT_KINDS.has(ctx.kind)) return null;
    const cache = getCache();
    const entryKey = engineKey(NAMESPACE, key);
    const options = { schemaVersion: SCHEMA, l1TtlSeconds: PAGE_L1_SECONDS };
    const found = await cache.peek(entryKey, options);
    if (found && isStoredPage(found.value)) return this.hit(key, entryKey, found.value);
    const claim = await cache.claim(entryKey, { ...options, waitMs: RENDER_WAIT_MS });
    if (claim.kind === 'filled' && isStoredPage(claim.value)) return this.hit(key, entryKey, claim.value);
    this.beginRender(key, claim.kind === 'claimed' ? claim.lease : undefined);
    return null;
  }

  async set(key: string, data: CacheValue | null, ctx: SetContext): Promise<void> {
    const render = this.endRender(key);
    const cache = getCache();
    if (!keepable(data)) {
      if (render?.lease) cache.releaseClaim(render.lease);
      return;
    }
    const value = encode(data);
    if (!value) return;
    const page: StoredPage = {
      lastModified: Date.now(),
      cacheControl: 'cacheControl' in ctx ? ctx.cacheControl : undefined,
      value,
    };
    const entryKey = engineKey(NAMESPACE, key);
    const stored = await cache.storeProduced(entryKey, page, {
      schemaVersion: SCHEMA,
      l1TtlSeconds: PAGE_L1_SECONDS,
      ...keptAsOf(data),
      lease: render?.lease,
      // A background re-render (stale page) had no miss here: assume it began as long ago as one may take.
      startedAt: render?.startedAt ?? Date.now() - MAX_RENDER_MS,
    });
    if (stored && data.kind === 'APP_PAGE') notePageKey(key, entryKey);
  }

  async revalidateTag(tags: string | string[]): Promise<void> {
    await getCache().invalidateTags(...ourTags(typeof tags === 'string' ? [tags] : tags));
  }

  /** A page found: noted for the gate (./held-pages.ts), then handed to Next.js. */
  private hit(key: string, entryKey: CacheKey, stored: StoredPage): CacheHandlerValue {
    if (stored.value.kind === 'APP_PAGE') notePageKey(key, entryKey);
    return decode(stored);
  }

  private beginRender(key: string, lease: ProducerLease | undefined): void {
    const renders = PageCache.renders;
    const earlier = renders.get(key);
    if (earlier) {
      // Next.js renders a key once per process at a time: keep the earlier start, release any second lock.
      if (lease) getCache().releaseClaim(lease);
      return;
    }
    const timer = setTimeout(() => {
      const abandoned = this.endRender(key);
      if (abandoned?.lease) getCache().releaseClaim(abandoned.lease);
    }, MAX_RENDER_MS);
    timer.unref();
    renders.set(key, { lease, startedAt: lease?.lease.startedAt ?? Date.now(), timer });
  }

  private endRender(key: string): PendingRender | undefined {
    const render = PageCache.renders.get(key);
    if (!render) return undefined;
    clearTimeout(render.timer);
    PageCache.renders.delete(key);
    return render;
  }
}
