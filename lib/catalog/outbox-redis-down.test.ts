import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, getSql } from '@/lib/db/client';
import { freePort } from '@/tooling/ports';
import { publishProductChange, recordProductChange } from './outbox';

// With the cache's Redis unreachable, a recorded invalidation cannot be applied: the writer is told so
// (the admin's "refresh pending" message) and the row stays for the sweepers.

beforeAll(async () => {
  // Read lazily by lib/config.ts: nothing in this file's module graph has asked for the config yet.
  process.env.REDIS_URL = `redis://127.0.0.1:${await freePort()}`;
});

describe('the invalidation outbox with Redis away', () => {
  it('reports the invalidation as pending and keeps its row', async () => {
    const slug = `never-cached-${Date.now()}`;
    const id = await getDb().transaction((tx) => recordProductChange(tx, [slug]));
    expect(await publishProductChange(id, [slug])).toBe(false);
    const [row] = await getSql()<
      { n: number }[]
    >`select count(*)::int as n from cache_invalidations where id = ${id}`;
    expect(row?.n).toBe(1);
    await getSql()`delete from cache_invalidations where id = ${id}`;
  });
});
