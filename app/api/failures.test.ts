import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { catalogFingerprint, DEMO_ADMIN, productAt, signedIn, withOwnCatalog } from '@/tooling/vitest/admin';
import { getSql } from '@/lib/db/client';
import { TestBrowser } from '@/tooling/vitest/session';
import { PATCH as patchProduct } from './admin/products/[id]/route';
import { POST as postItem } from './cart/items/route';
import { GET as getProduct } from './products/[slug]/route';

// A bug is not an outage. Each route below meets a real fault of the kind a bad deploy brings (the schema
// and the code disagree: PostgreSQL answers 42703 undefined_column), and must answer 500 with a request
// id and log the error's stack, not 503 "try again" as if PostgreSQL were down. The file has its own
// database, so renaming a column here breaks no other test.

withOwnCatalog('failures');

let logged: MockInstance<typeof console.error>;
beforeEach(() => {
  logged = vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => logged.mockRestore());

/** Runs `during` with `table.column` renamed away, then puts it back. */
async function withoutColumn(table: string, column: string, during: () => Promise<void>) {
  const sql = getSql();
  await sql.unsafe(`alter table ${table} rename column ${column} to ${column}_gone`);
  try {
    await during();
  } finally {
    await sql.unsafe(`alter table ${table} rename column ${column}_gone to ${column}`);
  }
}

function expectLoggedBug(answer: { status: number; headers: Headers; json: unknown }) {
  expect(answer.status, JSON.stringify(answer.json)).toBe(500);
  const body = answer.json as { error: string; requestId: string };
  expect(body).toEqual({ error: 'Something went wrong on our side.', requestId: expect.any(String) });
  expect(answer.headers.get('x-request-id')).toBe(body.requestId);
  expect(answer.headers.get('retry-after')).toBeNull();
  // One log line names the request id and carries the error itself, whose stack the logger prints.
  const line = logged.mock.calls.find((call) => String(call[0]).includes(body.requestId));
  expect(line, 'the bug was logged with its request id').toBeDefined();
  const error = line?.[1];
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).stack).toMatch(/\n\s+at /);
}

describe('a bug answers a logged 500, never a 503', () => {
  it('in an admin write, which changes nothing', async () => {
    const admin = await signedIn(DEMO_ADMIN);
    const product = await productAt(3);
    const before = await catalogFingerprint();
    await withoutColumn('admin_audit', 'after', async () => {
      const answer = await admin.call(patchProduct, 'PATCH', `/api/admin/products/${product.id}`, {
        body: { priceCents: product.priceCents + 100 },
        params: { id: String(product.id) },
      });
      expectLoggedBug(answer);
    });
    // The audit insert failed inside the write's transaction: the price change rolled back with it.
    expect(await catalogFingerprint()).toBe(before);
  });

  it('in a cart route', async () => {
    const shopper = new TestBrowser();
    const product = await productAt(4);
    await withoutColumn('products', 'price_cents', async () => {
      const answer = await shopper.call(postItem, 'POST', '/api/cart/items', {
        body: { productId: product.id, quantity: 1 },
      });
      expectLoggedBug(answer);
    });
  });

  it('in a catalog route', async () => {
    const product = await productAt(5);
    await withoutColumn('reviews', 'rating', async () => {
      const answer = await new TestBrowser().call(getProduct, 'GET', `/api/products/${product.slug}`, {
        params: { slug: product.slug },
      });
      expectLoggedBug(answer);
      expect(answer.headers.get('cache-control')).toBe('private, no-store');
    });
  });
});
