import { readFile } from 'node:fs/promises';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseUrlNamed, dropDatabase, randomId } from '../../tooling/run-env';
import { migrateDatabase } from './migrate';

// A database of this test's own, not the run's seeded one: it must start out missing.
const databaseUrl = databaseUrlNamed(`storefront_migrate_${randomId()}`);

async function migrationCount(): Promise<number> {
  const journalPath = path.join(process.cwd(), 'drizzle/meta/_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

describe('migrateDatabase', () => {
  afterAll(() => dropDatabase(databaseUrl));

  it('creates the database and applies each migration once when four instances race', async () => {
    await Promise.all([1, 2, 3, 4].map(() => migrateDatabase(databaseUrl)));

    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const name = new URL(databaseUrl).pathname.slice(1);
      const [databases] = await sql`select count(*)::int as n from pg_database where datname = ${name}`;
      expect(databases?.n).toBe(1);

      const [applied] = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(applied?.n).toBe(await migrationCount());

      const [products] = await sql`select to_regclass('public.products')::text as name`;
      expect(products?.name).toBe('products');
    } finally {
      await sql.end({ timeout: 5 });
    }
  });

  it('does nothing more when run again', async () => {
    await migrateDatabase(databaseUrl);
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const [applied] = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(applied?.n).toBe(await migrationCount());
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
});
