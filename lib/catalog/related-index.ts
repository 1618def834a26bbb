import { getCache } from '../cache';
import { getConfig } from '../config';
import { getRedis } from '../redis/client';
import { callRedis } from '../redis/call';
import { catalogRedisKeys } from '../redis/keys';

/*
 * Which cached product pages show which products. A product page embeds four related products (name,
 * price, stock), so a write to one product must also drop the pages that show it, or they would show its
 * old price until their TTL. When a page's data is loaded, each related product's "shown in" set gets that
 * page's slug; a write reads the set of the product it changed and invalidates every page in it.
 *
 * A page loaded just before a write may register itself just after the write read the set; so the write
 * looks again a moment later (the "delayed double delete"), and anything still missed then has read a value
 * older than a load takes.
 */

const SECOND_LOOK_MS = 2000;

/** Longest a cached product page can live: the set must outlive every page it names. */
function setTtlSeconds(): number {
  const { CACHE_TTL_SECONDS, CACHE_TTL_JITTER_SECONDS } = getConfig();
  return CACHE_TTL_SECONDS + CACHE_TTL_JITTER_SECONDS + 60;
}

/**
 * Records that the page of `pageSlug` shows `shownSlugs`; awaited before the page's data is cached. Never
 * fails the page: while the cache is not using Redis nothing is cached either, so nothing is recorded.
 */
export async function recordShownIn(pageSlug: string, shownSlugs: readonly string[]): Promise<void> {
  const redis = getRedis();
  const cacheUsesRedis = redis.status === 'ready' && getCache().status().circuit !== 'open';
  if (getConfig().CACHE_DISABLED || !cacheUsesRedis || shownSlugs.length === 0) return;
  const ttl = setTtlSeconds();
  // One small transaction per related product: each set has its own hash tag, so none spans two slots.
  await Promise.all(
    shownSlugs.map((shown) => {
      const key = catalogRedisKeys.productShownIn(shown);
      return callRedis(redis, () => redis.multi().sadd(key, pageSlug).expire(key, ttl).exec());
    }),
  ).catch((error: unknown) => {
    console.error('catalog: related pages not recorded:', error instanceof Error ? error.message : error);
  });
}

/** The pages currently recorded as showing `slug` (removed from its set: they re-register when reloaded). */
async function takePagesShowing(slug: string): Promise<string[]> {
  const redis = getRedis();
  const key = catalogRedisKeys.productShownIn(slug);
  const pages = await callRedis(redis, () => redis.smembers(key));
  if (pages.length > 0) await callRedis(redis, () => redis.srem(key, ...pages));
  return pages;
}

/**
 * Invalidates, through `invalidatePage`, every cached page that shows one of `slugs`; once now and once
 * more a moment later. Redis failures are logged, not thrown: the write has committed already.
 */
export async function invalidatePagesShowing(
  slugs: readonly string[],
  invalidatePage: (slug: string) => Promise<void>,
): Promise<void> {
  if (getConfig().CACHE_DISABLED) return;
  const sweep = async () => {
    const pages = (await Promise.all(slugs.map(takePagesShowing))).flat();
    await Promise.all([...new Set(pages)].map(invalidatePage));
  };
  const logged = (error: unknown) =>
    console.error('catalog: related pages not invalidated:', error instanceof Error ? error.message : error);
  await sweep().catch(logged);
  setTimeout(() => void sweep().catch(logged), SECOND_LOOK_MS).unref();
}
