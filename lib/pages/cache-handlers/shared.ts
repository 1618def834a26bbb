import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cacheKey, getCache, type CacheKey } from '../../cache';
import { PAGE_TAGS } from '../../catalog/page-tags';

/*
 * What both page-cache handlers share: the engine (lib/cache: L1, Redis, the cross-instance lock, tags and
 * generation checks), the build's id, and how Next.js's keys become engine keys.
 */

/** A value's bytes as stored in Redis (JSON), and back. */
export const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
export const fromBase64 = (text: string) => Buffer.from(text, 'base64');

/** Soft tags (`_N_T_/…`, one per route segment) are Next.js's own, for revalidatePath: not ours to index. */
export const ourTags = (tags: readonly string[]) => tags.filter((tag) => tag && !tag.startsWith('_N_T_'));

/**
 * How an entry Next.js hands a handler is kept: under our tags, and brief (a minute, within the cache's
 * budget for strangers: lib/cache/budget.ts) when its render carried PAGE_TAGS.brief (a search, an empty
 * listing, a "not found"), a marker that is not indexed as a tag.
 */
export function keptAs(tags: readonly string[]): { tags: string[]; brief: boolean } {
  const ours = ourTags(tags);
  return { tags: ours.filter((tag) => tag !== PAGE_TAGS.brief), brief: ours.includes(PAGE_TAGS.brief) };
}

/** How long the in-process tier keeps a page part: the bus drops it at once when its tags are swept. */
export const PAGE_L1_SECONDS = 60;

let buildId: string | undefined;

/**
 * The build this process serves: entries are stored under it, so a new deploy never reads what an older
 * build rendered (its markup and client references may no longer exist).
 */
export function currentBuildId(): string {
  buildId ??=
    process.env.NEXT_DEPLOYMENT_ID ||
    readFileSync(path.join(process.cwd(), '.next', 'BUILD_ID'), 'utf8').trim() ||
    'unknown-build';
  return buildId;
}

/** The engine key of a Next.js cache key: hashed (Next's keys are long and contain any character). */
export function engineKey(namespace: string, nextKey: string): CacheKey {
  const digest = createHash('sha256').update(nextKey).digest('base64url');
  return cacheKey(namespace, `${currentBuildId()}:${digest}`);
}

export { getCache };
