import { describe, expect, it } from 'vitest';
import { getProductDetail, listProducts } from '../catalog';
import { getSql } from '../db/client';
import { RequestError } from '../errors';
import { TestBrowser } from '@/tooling/vitest/session';
import { getAdminProduct, searchAdminProducts } from './products';
import {
  auditRows,
  catalogFingerprint,
  DEMO_ADMIN,
  DEMO_SHOPPER,
  productAt,
  productById,
  signedIn,
  withOwnCatalog,
} from '@/tooling/vitest/admin';
import {
  createProduct,
  deleteProduct,
  HAS_ORDERS,
  SLUG_TAKEN,
  StaleProductError,
  updateProduct,
} from './writes';

// The admin data layer on real PostgreSQL and Redis: every write audited in its own transaction, the
// cache invalidated after the commit, stale edits refused, and callers without the role refused by the
// data layer itself.

withOwnCatalog('admin_writes');

const admin = () => signedIn(DEMO_ADMIN);
const newProduct = {
  name: 'Brass Kettle',
  description: 'Whistles.',
  priceCents: 4599,
  stock: 7,
  category: 'kitchen',
};

async function refusal(promise: Promise<unknown>): Promise<RequestError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RequestError);
  return error as RequestError;
}

describe('admin writes', () => {
  it('creates a product with a slug made from its name, audited, and visible at once in the shop', async () => {
    const browser = await admin();
    expect(await getProductDetail('brass-kettle')).toBeNull(); // remembered as missing
    const first = await createProduct(browser.request(), newProduct);
    const second = await createProduct(browser.request(), newProduct);
    expect(first).toMatchObject({ slug: 'brass-kettle', priceCents: 4599, version: 1, category: 'kitchen' });
    expect(second.slug).toBe('brass-kettle-2');
    expect(await getProductDetail('brass-kettle')).toMatchObject({ id: first.id, priceCents: 4599 });
    const [audit] = await auditRows(first.id);
    expect(audit).toMatchObject({
      action: 'create',
      before: null,
      after: { slug: 'brass-kettle', stock: 7 },
    });
  });

  it('updates, bumps the version, audits before → after, and the cache serves the new values', async () => {
    const browser = await admin();
    const newest = { page: 1, pageSize: 24, sort: 'newest' } as const;
    const listed = (await listProducts(newest)).items[0]!; // the listing page is cached now
    const product = (await productById(listed.id))!;
    expect((await getProductDetail(product.slug))?.priceCents).toBe(product.priceCents); // cached now
    const updated = await updateProduct(
      browser.request(),
      product.id,
      { priceCents: product.priceCents + 100, stock: 3 },
      product.version,
    );
    expect(updated).toMatchObject({
      priceCents: product.priceCents + 100,
      stock: 3,
      version: product.version + 1,
    });
    expect((await getProductDetail(product.slug))?.priceCents).toBe(product.priceCents + 100);
    expect((await listProducts(newest)).items[0]).toMatchObject({
      id: product.id,
      priceCents: updated.priceCents,
    });
    const audits = await auditRows(product.id);
    expect(audits.at(-1)).toMatchObject({
      action: 'update',
      before: { priceCents: product.priceCents, version: product.version },
      after: { priceCents: product.priceCents + 100, stock: 3, version: product.version + 1 },
    });
  });

  it('refuses a save based on an older version with a 409 and changes nothing', async () => {
    const browser = await admin();
    const product = await productAt(1);
    await updateProduct(browser.request(), product.id, { stock: 11 }, product.version);
    const before = await catalogFingerprint();
    const error = await refusal(updateProduct(browser.request(), product.id, { stock: 99 }, product.version));
    expect(error).toBeInstanceOf(StaleProductError);
    expect(error).toMatchObject({ status: 409, currentVersion: product.version + 1 });
    expect(error.message).toBe('This product changed since you opened it.');
    expect(await catalogFingerprint()).toBe(before);
  });

  it('moves a product to a new slug: the old address is gone, the new one shows it', async () => {
    const browser = await admin();
    const product = await productAt(2);
    await getProductDetail(product.slug);
    const moved = await updateProduct(browser.request(), product.id, { slug: `${product.slug}-renamed` });
    expect(await getProductDetail(product.slug)).toBeNull();
    expect((await getProductDetail(moved.slug))?.id).toBe(product.id);
  });

  it('gives field errors for a taken slug and an unknown category, and writes nothing', async () => {
    const browser = await admin();
    const [product, other] = [await productAt(3), await productAt(4)];
    const before = await catalogFingerprint();
    const taken = await refusal(updateProduct(browser.request(), product.id, { slug: other.slug }));
    expect(taken).toMatchObject({ status: 409, fields: { slug: SLUG_TAKEN } });
    const created = await refusal(createProduct(browser.request(), { ...newProduct, slug: other.slug }));
    expect(created.fields).toEqual({ slug: SLUG_TAKEN });
    const category = await refusal(
      createProduct(browser.request(), { ...newProduct, category: 'no-such-thing' }),
    );
    expect(category).toMatchObject({ status: 400, fields: { category: expect.any(String) } });
    expect(await catalogFingerprint()).toBe(before);
  });

  it('writes nothing for a save that changes nothing', async () => {
    const browser = await admin();
    const product = await productAt(5);
    const same = await updateProduct(browser.request(), product.id, { name: product.name }, product.version);
    expect(same.version).toBe(product.version);
    expect(await auditRows(product.id)).toEqual([]);
  });

  it('deletes a product never ordered; refuses one that orders reference (409), keeping it', async () => {
    const browser = await admin();
    const [loose, ordered] = [await productAt(6), await productAt(7)];
    await getProductDetail(loose.slug);
    await deleteProduct(browser.request(), loose.id, loose.version);
    expect(await productById(loose.id)).toBeUndefined();
    expect(await getProductDetail(loose.slug)).toBeNull();
    expect(await auditRows(loose.id)).toMatchObject([
      { action: 'delete', after: null, before: { slug: loose.slug } },
    ]);

    const [order] = await getSql()<{ id: number }[]>`
      insert into orders (user_id, total_cents, idempotency_key)
      select id, ${ordered.priceCents}, 'admin-test' from users where email = ${DEMO_SHOPPER.email} returning id`;
    await getSql()`insert into order_items (order_id, product_id, quantity, unit_price_cents, name)
      values (${order!.id}, ${ordered.id}, 1, ${ordered.priceCents}, ${ordered.name})`;
    const refused = await refusal(deleteProduct(browser.request(), ordered.id));
    expect(refused).toMatchObject({ status: 409, message: HAS_ORDERS });
    expect(await productById(ordered.id)).toBeDefined();
    expect(await auditRows(ordered.id)).toEqual([]);
  });

  it('refuses shoppers (403) and visitors (401) in the data layer itself, changing nothing', async () => {
    const shopper = await signedIn(DEMO_SHOPPER);
    const visitor = new TestBrowser();
    const product = await productAt(8);
    const before = await catalogFingerprint();
    for (const [browser, status] of [
      [shopper, 403],
      [visitor, 401],
    ] as const) {
      const ctx = browser.request();
      expect(await refusal(createProduct(ctx, newProduct))).toMatchObject({ status });
      expect(await refusal(updateProduct(ctx, product.id, { priceCents: 1 }))).toMatchObject({ status });
      expect(await refusal(deleteProduct(ctx, product.id))).toMatchObject({ status });
      expect(await refusal(getAdminProduct(ctx, product.id))).toMatchObject({ status });
      expect(await refusal(searchAdminProducts(ctx))).toMatchObject({ status });
    }
    expect(await catalogFingerprint()).toBe(before);
  });

  it('searches PostgreSQL by name, slug or id, a page at a time', async () => {
    const browser = await admin();
    const product = await productAt(9);
    const byName = await searchAdminProducts(browser.request(), { q: product.name.slice(0, 12) });
    expect(byName.items.map((item) => item.id)).toContain(product.id);
    const byId = await searchAdminProducts(browser.request(), { q: String(product.id) });
    expect(byId.items.map((item) => item.id)).toContain(product.id);
    const page = await searchAdminProducts(browser.request(), { page: 2, pageSize: 10 });
    expect(page).toMatchObject({ page: 2, pageSize: 10 });
    expect(page.items).toHaveLength(10);
    expect((await searchAdminProducts(browser.request(), { q: '100%_\\' })).total).toBe(0);
  });
});
