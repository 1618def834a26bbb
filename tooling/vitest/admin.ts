import { logIn } from '../../lib/auth';
import { getSql } from '../../lib/db/client';
import type { StockedProduct } from './cart';
import { TestBrowser } from './session';

export { withOwnCatalog } from './own-catalog';
export { DEMO_ADMIN, DEMO_SHOPPER } from '../seed/seed-generate';

/*
 * What the admin tests share. Imported by tests only. Redis and PostgreSQL are the real ones; a test file
 * that changes catalog rows gets a database and key prefix of its own, so the run's shared catalog stays
 * as the other files expect it.
 */

/** A browser signed in as `account` (its cookie jar holds the session). */
export async function signedIn(account: { email: string; password: string }): Promise<TestBrowser> {
  const browser = new TestBrowser();
  await logIn(browser.request(), account);
  return browser;
}

export interface ProductRow extends StockedProduct {
  version: number;
  category: string;
}

/** The `index`-th product by id, as PostgreSQL has it. */
export async function productAt(index: number): Promise<ProductRow> {
  const [row] = await getSql()<ProductRow[]>`
    select p.id, p.slug, p.name, p.price_cents as "priceCents", p.stock, p.version, c.slug as category
    from products p join categories c on c.id = p.category_id order by p.id offset ${index} limit 1`;
  if (!row) throw new Error(`no product #${index}`);
  return row;
}

export async function productById(id: number): Promise<ProductRow | undefined> {
  const [row] = await getSql()<ProductRow[]>`
    select p.id, p.slug, p.name, p.price_cents as "priceCents", p.stock, p.version, c.slug as category
    from products p join categories c on c.id = p.category_id where p.id = ${id}`;
  return row;
}

/** Every product row and audit row, to prove a refused request changed nothing. */
export async function catalogFingerprint(): Promise<string> {
  const [row] = await getSql()<{ products: string; audits: number }[]>`
    select (select md5(string_agg(p::text, ',' order by id)) from products p) as products,
           (select count(*)::int from admin_audit) as audits`;
  return JSON.stringify(row);
}

/** Every row of every table the storefront writes (users, orders, catalog, audits), as one digest. */
export async function databaseFingerprint(): Promise<Record<string, string | null>> {
  const tables = [
    'categories',
    'products',
    'reviews',
    'users',
    'orders',
    'order_items',
    'admin_audit',
    'order_audit',
    'sales',
    'sale_items',
    'sale_audit',
  ];
  const digests: Record<string, string | null> = {};
  for (const table of tables) {
    const [row] = await getSql()<{ digest: string | null }[]>`
      select md5(string_agg(t::text, ',' order by t::text)) as digest from ${getSql()(table)} t`;
    digests[table] = row?.digest ?? null;
  }
  return digests;
}

export async function auditRows(productId: number) {
  return getSql()<{ action: string; adminUserId: number; before: unknown; after: unknown }[]>`
    select action, admin_user_id as "adminUserId", before, after
    from admin_audit where product_id = ${productId} order by id`;
}
