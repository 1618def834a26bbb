import type postgres from 'postgres';
import { hashPassword } from '../../lib/auth/password';
import {
  categoryRows,
  DEMO_USERS,
  DEMO_USERS_CREATED_AT,
  generateProduct,
  generateReviews,
  reviewCount,
} from './seed-generate';

/*
 * Writes the deterministic demo catalog (see seed-generate.ts) in one transaction: either the whole
 * catalog appears or none of it does. Rows go in as a few large `unnest` inserts, which is what keeps
 * 10,000 products and ~200,000 reviews to seconds instead of minutes.
 */

export type SeedPhase = 'categories' | 'products' | 'reviews' | 'users' | 'analyze';

export interface SeedOptions {
  products: number;
  reset: boolean;
  onProgress?: (done: number, total: number, phase: SeedPhase) => void;
}

export interface SeedResult {
  skipped: boolean;
  categories: number;
  products: number;
  reviews: number;
  users: number;
}

// Two seeders started together (say, two `npm run demo`s) take turns; the second then finds the catalog.
const SEED_LOCK_ID = 7_261_944_311;
const PRODUCT_BATCH = 1_000;
const REVIEW_BATCH = 10_000;

export async function seedCatalog(sql: postgres.Sql, options: SeedOptions): Promise<SeedResult> {
  const { products: total, reset } = options;
  if (!Number.isInteger(total) || total < 1) throw new RangeError('products must be a positive integer');
  const progress = options.onProgress ?? (() => {});

  const skipped = await sql.begin(async (tx) => {
    // Large batches can outlast the app pool's per-statement timeout; seeding is not a page request.
    await tx`set local statement_timeout = 0`;
    await tx`select pg_advisory_xact_lock(${SEED_LOCK_ID})`;
    if (!reset) {
      const [row] = await tx<{ seeded: boolean }[]>`select exists (select 1 from products) as seeded`;
      if (row?.seeded) return true;
    }
    await clear(tx, reset);
    await insertCategories(tx, progress);
    await insertProducts(tx, total, progress);
    await insertReviews(tx, total, progress);
    await insertDemoUsers(tx, progress);
    return false;
  });

  if (!skipped) {
    // After commit, so the planner and the visibility map (index-only scans over reviews) see the data.
    progress(0, 1, 'analyze');
    await vacuumAnalyze(sql);
    progress(1, 1, 'analyze');
  }
  return { skipped, ...(await countRows(sql)) };
}

async function clear(tx: postgres.TransactionSql, reset: boolean): Promise<void> {
  if (reset) {
    await tx`truncate products, reviews, categories, users, orders, order_items restart identity cascade`;
    return;
  }
  // The catalog is empty but may hold leftover categories; accounts and orders are left alone (with no
  // products there can be no order items to lose).
  await tx`truncate products, reviews, categories restart identity cascade`;
}

type Progress = NonNullable<SeedOptions['onProgress']>;

async function insertCategories(tx: postgres.TransactionSql, progress: Progress): Promise<void> {
  const rows = categoryRows();
  await tx`
    insert into categories (id, slug, name, description, position)
    select id, slug, name, description, id
    from unnest(
      ${rows.map((row) => row.id)}::int[], ${rows.map((row) => row.slug)}::text[],
      ${rows.map((row) => row.name)}::text[], ${rows.map((row) => row.description)}::text[]
    ) as t(id, slug, name, description)`;
  await resetSequence(tx, 'categories', rows.length);
  progress(rows.length, rows.length, 'categories');
}

async function insertProducts(tx: postgres.TransactionSql, total: number, progress: Progress): Promise<void> {
  // Ids are given explicitly (1..N) so that reviews can name their product without a round trip.
  // Timestamps travel as text[] and are cast in SQL: drizzle swaps postgres.js's date serializers on the
  // shared pool for pass-through ones, which cannot encode a timestamptz[] parameter.
  for (let start = 0; start < total; start += PRODUCT_BATCH) {
    const end = Math.min(total, start + PRODUCT_BATCH);
    const batch = Array.from({ length: end - start }, (_, offset) => generateProduct(start + offset));
    await tx`
      insert into products
        (id, slug, name, description, price_cents, stock, category_id, created_at, updated_at)
      select id, slug, name, description, price_cents, stock, category_id, created_at::timestamptz,
        created_at::timestamptz
      from unnest(
        ${batch.map((p) => p.id)}::int[], ${batch.map((p) => p.slug)}::text[],
        ${batch.map((p) => p.name)}::text[], ${batch.map((p) => p.description)}::text[],
        ${batch.map((p) => p.priceCents)}::int[], ${batch.map((p) => p.stock)}::int[],
        ${batch.map((p) => p.categoryId)}::int[], ${batch.map((p) => p.createdAt)}::text[]
      ) as t(id, slug, name, description, price_cents, stock, category_id, created_at)`;
    progress(end, total, 'products');
  }
  await resetSequence(tx, 'products', total);
}

async function insertReviews(
  tx: postgres.TransactionSql,
  products: number,
  progress: Progress,
): Promise<void> {
  const counts = Array.from({ length: products }, (_, index) => reviewCount(index));
  const total = counts.reduce((sum, count) => sum + count, 0);
  const columns = {
    productId: [] as number[],
    rating: [] as number[],
    author: [] as string[],
    body: [] as string[],
    createdAt: [] as string[],
  };
  let done = 0;
  const flush = async () => {
    if (columns.productId.length === 0) return;
    await tx`
      insert into reviews (product_id, rating, author, body, created_at)
      select product_id, rating, author, body, created_at::timestamptz from unnest(
        ${columns.productId}::int[], ${columns.rating}::smallint[], ${columns.author}::text[],
        ${columns.body}::text[], ${columns.createdAt}::text[]
      ) as t(product_id, rating, author, body, created_at)`;
    done += columns.productId.length;
    for (const column of Object.values(columns)) column.length = 0;
    progress(done, total, 'reviews');
  };
  progress(0, total, 'reviews');
  for (let index = 0; index < products; index++) {
    for (const review of generateReviews(generateProduct(index), counts[index] ?? 0)) {
      columns.productId.push(review.productId);
      columns.rating.push(review.rating);
      columns.author.push(review.author);
      columns.body.push(review.body);
      columns.createdAt.push(review.createdAt);
    }
    if (columns.productId.length >= REVIEW_BATCH) await flush();
  }
  await flush();
}

async function insertDemoUsers(tx: postgres.TransactionSql, progress: Progress): Promise<void> {
  const hashes = await Promise.all(DEMO_USERS.map((user) => hashPassword(user.password)));
  let done = 0;
  for (const [index, user] of DEMO_USERS.entries()) {
    // Without --reset, an existing account (maybe with a changed password) is kept as it is.
    await tx`
      insert into users (email, password_hash, name, role, created_at)
      values (${user.email}, ${hashes[index] ?? ''}, ${user.name}, ${user.role}, ${DEMO_USERS_CREATED_AT})
      on conflict (email) do nothing`;
    progress(++done, DEMO_USERS.length, 'users');
  }
}

async function vacuumAnalyze(sql: postgres.Sql): Promise<void> {
  // VACUUM cannot run in a transaction, so the timeout is lifted on one reserved connection instead.
  const connection = await sql.reserve();
  try {
    await connection`set statement_timeout = 0`;
    await connection`vacuum (analyze) categories, products, reviews, users`;
  } finally {
    // Back to the pool's own timeout (a startup parameter, which RESET returns to).
    await connection`reset statement_timeout`.catch(() => {});
    connection.release();
  }
}

async function resetSequence(tx: postgres.TransactionSql, table: string, lastId: number): Promise<void> {
  await tx`select setval(pg_get_serial_sequence(${table}, 'id'), ${lastId})`;
}

async function countRows(sql: postgres.Sql): Promise<Omit<SeedResult, 'skipped'>> {
  const [row] = await sql<{ categories: number; products: number; reviews: number; users: number }[]>`
    select (select count(*)::int from categories) as categories,
           (select count(*)::int from products) as products,
           (select count(*)::int from reviews) as reviews,
           (select count(*)::int from users) as users`;
  if (!row) throw new Error('count query returned no row');
  return row;
}
