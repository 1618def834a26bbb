import postgres from 'postgres';
import type { ProductRow } from './peer';

/**
 * The loader every peer caches: one product row by slug, read from the run's PostgreSQL (what a cold
 * product page costs the database). It counts its own runs; the stampede's workers report theirs back.
 */
export interface ProductLoader {
  /** A loader for one slug, to hand to a peer's get-or-load. */
  bySlug(slug: string): () => Promise<ProductRow | null>;
  /** How many times a loader ran so far. */
  readonly runs: number;
  /** Some slugs of the catalog, in id order. */
  slugs(count: number): Promise<string[]>;
  /** Opens the pool's connections now, so no load pays for a connection. */
  warm(): Promise<void>;
  close(): Promise<void>;
}

/** A small pool, as an app instance has: a stampede that gets past the cache queues on it. */
const POOL_SIZE = 4;

export function productLoader(databaseUrl: string): ProductLoader {
  const sql = postgres(databaseUrl, { max: POOL_SIZE, onnotice: () => {} });
  let runs = 0;
  return {
    bySlug: (slug) => async () => {
      runs += 1;
      const [row] = await sql<ProductRow[]>`
        select id, slug, name, description, price_cents, stock, category_id, image_url, version
        from products where slug = ${slug}`;
      return row ? { ...row } : null;
    },
    get runs() {
      return runs;
    },
    async slugs(count) {
      const rows = await sql<{ slug: string }[]>`select slug from products order by id limit ${count}`;
      return rows.map((row) => row.slug);
    },
    async warm() {
      await Promise.all(Array.from({ length: POOL_SIZE }, () => sql`select pg_sleep(0.01)`));
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
