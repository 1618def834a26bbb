import { inArray, lt, sql } from 'drizzle-orm';
import { getCache } from '../cache';
import { getDb, type Database } from '../db/client';
import { cacheInvalidations } from '../db/schema';
import { callDependency, pgErrorCode } from '../errors';
import { recordOutboxBacklog } from '../metrics/outbox';
import { productListNamespaces, productTag } from './cache-keys';
import { PAGE_TAGS } from './page-tags';

/*
 * Invalidation that outlives a crash (a transactional outbox). A product write records the cache
 * invalidation it needs in its own transaction; after the commit the writer applies it and deletes the
 * row once it reached Redis. If the writer crashed in between, or Redis was away (the engine then queues
 * the invalidation only in that process's memory), the row stays, and every instance's sweeper applies
 * rows older than SWEEP_AFTER_MS and deletes them once Redis took them. So every committed change reaches
 * the cache, whatever crashed; at worst a few seconds late, and applied twice (invalidation is idempotent).
 * No server-only import: instrumentation.ts starts the sweeper.
 */

/** Rows younger than this are their writer's to apply: the sweeper leaves them alone. */
const SWEEP_AFTER_MS = 5000;
const SWEEP_EVERY_MS = 5000;
const SWEEP_BATCH = 100;

type Writer = Pick<Database, 'insert'>;

interface Invalidation {
  tags: string[];
  namespaces: string[];
}

/**
 * What a change to these products drops: every entry tagged with one of them (its data, its own page and
 * the pages that show it as related, in the data cache and the page cache alike) and every list that may
 * show them (the listing and home data, and the cached pages built from them).
 */
const invalidationFor = (slugs: readonly string[]): Invalidation => ({
  tags: [...[...new Set(slugs)].map(productTag), PAGE_TAGS.productLists],
  namespaces: [...productListNamespaces],
});

/**
 * Applies that invalidation on every instance; true when it reached Redis, false when the cache queued it.
 * No load that began before the call can write the old value back.
 */
export function invalidateProducts(...slugs: string[]): Promise<boolean> {
  return apply(invalidationFor(slugs));
}

/** Records, in the write's transaction, the invalidation a change to these product slugs needs. */
export async function recordProductChange(tx: Writer, slugs: readonly string[]): Promise<number> {
  const [row] = await tx
    .insert(cacheInvalidations)
    .values(invalidationFor(slugs))
    .returning({ id: cacheInvalidations.id });
  if (!row) throw new Error('insert into cache_invalidations returned no row');
  return row.id;
}

/**
 * After the commit: applies a recorded invalidation and deletes its row. True when it reached Redis;
 * false when the cache queued it (Redis away): the row stays for the sweepers, and the admin is told the
 * shop's pages will catch up.
 */
export async function publishProductChange(id: number, slugs: readonly string[]): Promise<boolean> {
  const applied = await invalidateProducts(...slugs);
  if (applied) await deleteRows([id]).catch(() => {});
  return applied;
}

/** Applies every recorded invalidation older than `olderThanMs` (the sweeper's pass); returns how many. */
export async function applyPendingInvalidations(olderThanMs = SWEEP_AFTER_MS): Promise<number> {
  const rows = await callDependency('postgres', () =>
    getDb()
      .select()
      .from(cacheInvalidations)
      .where(lt(cacheInvalidations.createdAt, sql`now() - make_interval(secs => ${olderThanMs / 1000})`))
      .orderBy(cacheInvalidations.id)
      .limit(SWEEP_BATCH),
  );
  const done: number[] = [];
  for (const row of rows) if (await apply(row)) done.push(row.id);
  if (done.length > 0) await deleteRows(done);
  return done.length;
}

/**
 * What is left after a sweep: rows waiting and the age of the oldest (0 when none), for the metrics
 * (lib/metrics/outbox.ts) and the alert on an outbox falling behind.
 */
export async function measureOutbox(): Promise<{ pending: number; oldestAgeSeconds: number }> {
  const [row] = await callDependency('postgres', () =>
    getDb()
      .select({
        pending: sql<number>`count(*)::int`,
        oldestAgeSeconds: sql<number>`coalesce(extract(epoch from now() - min(${cacheInvalidations.createdAt})), 0)::float8`,
      })
      .from(cacheInvalidations),
  );
  return { pending: row?.pending ?? 0, oldestAgeSeconds: row?.oldestAgeSeconds ?? 0 };
}

/** One pass of the sweeper: apply what is due, then measure what is left. */
async function sweep(): Promise<void> {
  await applyPendingInvalidations();
  const { pending, oldestAgeSeconds } = await measureOutbox();
  recordOutboxBacklog(pending, oldestAgeSeconds);
}

/** Starts this process's sweeper (from instrumentation.ts): an unref'd timer, failures only logged. */
export function startOutboxSweeper(): void {
  const timer = setInterval(() => {
    sweep().catch((error: unknown) => {
      // One short line: the next sweep tries again (PostgreSQL down, or its database not made yet).
      const reason = pgErrorCode(error) ?? (error instanceof Error ? error.message.split('\n')[0] : error);
      console.error(`outbox: sweep failed (${reason}); retrying in ${SWEEP_EVERY_MS / 1000} s`);
    });
  }, SWEEP_EVERY_MS);
  timer.unref();
}

async function apply({ tags, namespaces }: Invalidation): Promise<boolean> {
  const cache = getCache();
  const results = await Promise.all([
    cache.invalidateTags(...tags),
    ...namespaces.map((namespace) => cache.invalidateNamespace(namespace)),
  ]);
  return results.every(Boolean);
}

async function deleteRows(ids: number[]): Promise<void> {
  await callDependency('postgres', () =>
    getDb().delete(cacheInvalidations).where(inArray(cacheInvalidations.id, ids)),
  );
}
