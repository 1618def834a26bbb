import { expect, type Page } from '@playwright/test';
import postgres from 'postgres';

/** What the admin specs share: signing in through the login form, a product's row. */

/** A product's row as the specs read it straight from PostgreSQL. */
export interface ProductRow {
  id: number;
  slug: string;
  name: string;
  priceCents: number;
  stock: number;
}

/** Signs in with the /login form of `base` (another instance's origin, or '' for Playwright's server). */
export async function logInAs(page: Page, account: { email: string; password: string }, base = '') {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Products straight from PostgreSQL, newest first (the listing's default order). */
export async function newestProducts(databaseUrl: string, limit: number): Promise<ProductRow[]> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return await sql<ProductRow[]>`
      select id, slug, name, price_cents as "priceCents", stock from products order by id desc limit ${limit}`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
