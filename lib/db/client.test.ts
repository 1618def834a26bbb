import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { getConfig } from '../config';
import { pgArray, poolOptions } from './client';

/*
 * The pool's connections open without postgres.js's pg_type query: that query's failure (a connection reset
 * or cancelled while it runs) is an unhandled rejection no caller can catch (porsager/postgres#1192), which
 * ends a Node process. Reproduced here the way #1205 does: a 1 ms statement_timeout cancels any statement a
 * new connection runs, so the type query, if the pool sent one, would fail unhandled.
 */
describe('the pool', () => {
  it('opens connections without the type query whose failure no caller can catch', async () => {
    const options = poolOptions(getConfig());
    const sql = postgres(getConfig().DATABASE_URL, {
      ...options,
      max: 1,
      connection: { ...options.connection, statement_timeout: 1 },
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // Our own statement is answered (cancelled or not): it is the caller's to handle.
      await sql`select pg_sleep(0.01)`.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await sql.end({ timeout: 1 });
    }
    expect(unhandled).toEqual([]);
  });

  it('passes integer arrays as literals, which PostgreSQL casts without postgres.js knowing array types', async () => {
    const sql = postgres(getConfig().DATABASE_URL, { ...poolOptions(getConfig()), max: 1 });
    try {
      const [row] = await sql<{ total: number; n: number }[]>`
        select sum(x)::int as total, count(*)::int as n from unnest(${pgArray([3, 4, 5])}::int[]) as x`;
      expect(row).toEqual({ total: 12, n: 3 });
      expect(pgArray([])).toBe('{}');
      expect(() => pgArray([1.5])).toThrow(TypeError);
    } finally {
      await sql.end({ timeout: 1 });
    }
  });
});
