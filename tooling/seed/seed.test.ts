import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../lib/auth/password';
import { migrateDatabase } from '../../lib/db/migrate';
import { seedCatalog } from './seed';

// Its own database, so the test never touches the developer's catalog and runs beside other suites.
const serverUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/storefront');
const databaseName = `storefront_test_seed_${randomBytes(6).toString('hex')}`;
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${databaseName}` }).toString();
const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

let sql: postgres.Sql;

beforeAll(async () => {
  await migrateDatabase(databaseUrl, migrationsFolder);
  sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
});

afterAll(async () => {
  await sql?.end({ timeout: 5 });
  const admin = postgres(Object.assign(new URL(serverUrl), { pathname: '/postgres' }).toString(), {
    max: 1,
    onnotice: () => {},
  });
  try {
    await admin.unsafe(`drop database if exists "${databaseName}" with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
});

/** One hash over every seeded column (ids and timestamps included), so any difference shows. */
async function fingerprint(): Promise<Record<string, string>> {
  const [row] = await sql<{ categories: string; products: string; reviews: string }[]>`
    select
      (select md5(string_agg(concat_ws('|', id, slug, name, description, position), ',' order by id))
         from categories) as categories,
      (select md5(string_agg(concat_ws('|', id, slug, name, description, price_cents, stock, category_id,
                                       created_at, updated_at, image_url), ',' order by id))
         from products) as products,
      (select md5(string_agg(concat_ws('|', id, product_id, rating, author, body, created_at), ',' order by id))
         from reviews) as reviews`;
  return { ...row };
}

describe('seedCatalog', () => {
  it('seeds the same catalog every time', { timeout: 60_000 }, async () => {
    const first = await seedCatalog(sql, { products: 50, reset: true });
    const before = await fingerprint();
    const second = await seedCatalog(sql, { products: 50, reset: true });
    const after = await fingerprint();

    expect(second).toEqual(first);
    expect(after).toEqual(before);
    expect(first.skipped).toBe(false);
    expect(first.categories).toBeGreaterThanOrEqual(15);
    expect(first.categories).toBeLessThanOrEqual(25);
    expect(first.products).toBe(50);
    expect(first.reviews).toBeGreaterThanOrEqual(10 * 50);
    expect(first.reviews).toBeLessThanOrEqual(30 * 50);
    expect(first.users).toBe(2);
  });

  it('keeps product data inside the schema and contract bounds', async () => {
    const [row] = await sql<{ bad: number; outOfStock: number; slugs: number }[]>`
      select count(*) filter (where price_cents not between 199 and 99999 or stock not between 0 and 500
                                or description = '')::int as bad,
             count(*) filter (where stock = 0)::int as "outOfStock",
             count(distinct slug)::int as slugs
      from products`;
    expect(row).toMatchObject({ bad: 0, slugs: 50 });
    // About 5% are sold out, which the storefront must show; with this seed, 2 of the first 50.
    expect(row?.outOfStock).toBeGreaterThan(0);
  });

  it('skips a seeded catalog unless asked to reset', async () => {
    const before = await fingerprint();
    const result = await seedCatalog(sql, { products: 10, reset: false });
    expect(result).toMatchObject({ skipped: true, products: 50 });
    expect(await fingerprint()).toEqual(before);
  });

  it('creates the demo accounts with their roles and passwords', async () => {
    const users = await sql<{ email: string; role: string; passwordHash: string }[]>`
      select email, role, password_hash as "passwordHash" from users order by email`;
    expect(users.map(({ email, role }) => ({ email, role }))).toEqual([
      { email: 'admin@example.com', role: 'admin' },
      { email: 'shopper@example.com', role: 'shopper' },
    ]);
    const [admin, shopper] = users;
    expect(await verifyPassword('admin-demo-password', admin?.passwordHash ?? '')).toBe(true);
    expect(await verifyPassword('shopper-demo-password', shopper?.passwordHash ?? '')).toBe(true);
    expect(await verifyPassword('shopper-demo-password', admin?.passwordHash ?? '')).toBe(false);
  });

  it('leaves the sequences past the seeded ids, so new rows can be inserted', async () => {
    const [row] = await sql<{ id: number }[]>`
      insert into products (slug, name, price_cents, stock, category_id)
      values ('sequence-check', 'Sequence Check', 1000, 1, 1) returning id`;
    expect(row?.id).toBe(51);
  });
});
