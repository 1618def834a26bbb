import { describe, expect, it } from 'vitest';
import { listAdminSales } from '@/lib/admin';
import { getSql } from '@/lib/db/client';
import { placeOrder } from '@/lib/orders/place';
import { getSaleGate, getSaleRegistry } from '@/lib/sales';
import { getStockGate, liveStock } from '@/lib/stock';
import { DEMO_ADMIN, DEMO_SHOPPER, productAt, signedIn, withOwnCatalog } from '@/tooling/vitest/admin';
import { makeLive, saleAuditRows, saleBody, salesFingerprint, userIdOf } from '@/tooling/vitest/sale-admin';
import { TestBrowser } from '@/tooling/vitest/session';
import { GET as getProduct } from '../../products/[slug]/route';
import { GET as getSale } from '../../sales/[id]/route';
import { POST as endSale } from './[id]/end/route';
import { DELETE as cancelSale } from './[id]/route';
import { POST as createSale } from './route';

// Cancelling and ending sales through their routes, on real PostgreSQL and Redis: which states allow
// which action (409 otherwise, 404 for what does not exist), the audit, and what shoppers see right after
// on this instance: a cancelled sale gone, an ended sale's product back to its regular price and stock.

withOwnCatalog('sale_lifecycle');

const admin = () => signedIn(DEMO_ADMIN);

async function scheduled(index: number): Promise<{ id: number; productId: number; slug: string }> {
  const product = await productAt(index);
  const created = await (
    await admin()
  ).call(createSale, 'POST', '/api/admin/sales', {
    body: saleBody(product),
  });
  expect(created.status).toBe(201);
  return { id: (created.json as { id: number }).id, productId: product.id, slug: product.slug };
}

const cancel = (browser: TestBrowser, id: string) =>
  browser.call(cancelSale, 'DELETE', `/api/admin/sales/${id}`, { params: { id } });
const end = (browser: TestBrowser, id: string) =>
  browser.call(endSale, 'POST', `/api/admin/sales/${id}/end`, { params: { id } });
const productSale = async (slug: string) => {
  const answer = await new TestBrowser().call(getProduct, 'GET', `/api/products/${slug}`, {
    params: { slug },
  });
  return answer.json as { priceCents: number; stock: number; sale: { status: string } | null };
};

describe('cancelling a sale', () => {
  it('cancels a scheduled sale (204, audited); it is gone for shoppers; a second cancel is 409', async () => {
    const browser = await admin();
    const sale = await scheduled(0);
    expect((await productSale(sale.slug)).sale).toMatchObject({ status: 'scheduled' });
    expect(await cancel(browser, String(sale.id))).toMatchObject({ status: 204, text: '' });
    const [row] =
      await getSql()`select cancelled_at is not null as cancelled from sales where id = ${sale.id}`;
    expect(row).toEqual({ cancelled: true });
    expect((await saleAuditRows(sale.id)).map((audit) => audit.action)).toEqual(['create', 'cancel']);
    expect((await saleAuditRows(sale.id))[1]).toMatchObject({
      adminUserId: await userIdOf(DEMO_ADMIN.email),
      after: { id: sale.id, cancelledAt: expect.any(String) },
    });
    expect((await productSale(sale.slug)).sale).toBeNull();
    const one = await new TestBrowser().call(getSale, 'GET', `/api/sales/${sale.id}`, {
      params: { id: String(sale.id) },
    });
    expect(one.status).toBe(404);
    expect(await cancel(browser, String(sale.id))).toMatchObject({ status: 409 });
    // The product is free again: a new sale of it may be scheduled.
    expect((await scheduled(0)).productId).toBe(sale.productId);
  });

  it('refuses once the sale started (409), and answers 404 for unknown or malformed ids', async () => {
    const browser = await admin();
    const sale = await scheduled(1);
    await makeLive(sale.id);
    const before = await salesFingerprint();
    expect(await cancel(browser, String(sale.id))).toMatchObject({
      status: 409,
      json: { error: expect.any(String) },
    });
    for (const id of ['999999', '0', 'abc', '-1', '1.5', '99999999999']) {
      expect(await cancel(browser, id), id).toMatchObject({ status: 404 });
    }
    expect(await salesFingerprint()).toBe(before);
  });
});

describe('ending a sale now', () => {
  it('ends a live sale: audited, its product back to the regular price and stock at once, the gate reset', async () => {
    const browser = await admin();
    const sale = await scheduled(2);
    await makeLive(sale.id);
    const buyer = await userIdOf(DEMO_SHOPPER.email);
    const product = await productAt(2);
    const order = await placeOrder(buyer, 'sale-end-test', [{ productId: sale.productId, quantity: 1 }]);
    const [line] = await getSql()<{ salePriceCents: number }[]>`
      select sale_price_cents as "salePriceCents" from sale_items where sale_id = ${sale.id}`;
    expect(order.totalCents).toBe(line!.salePriceCents);
    await getSaleRegistry().reload(sale.id);
    expect((await productSale(sale.slug)).sale).toMatchObject({ status: 'live', unitsLeft: 2 });
    await liveStock([sale.productId]); // the gate holds the product's stock now
    expect(await getStockGate().glance(sale.productId)).toBe(product.stock - 1);
    await getSaleGate().prime(sale.id, sale.productId); // and the sale's gate its units
    expect(await getSaleGate().unitsLeft(sale.id, sale.productId)).toBe(2);

    const ended = await end(browser, String(sale.id));
    expect(ended).toMatchObject({ status: 200, json: { id: sale.id, status: 'ended' } });
    expect((ended.json as { items: { unitsLeft: number }[] }).items[0]?.unitsLeft).toBe(2);
    expect(await getStockGate().glance(sale.productId)).toBeNull(); // re-read from PostgreSQL next
    expect(await getSaleGate().unitsLeft(sale.id, sale.productId)).toBeNull(); // dropped, not left to expire
    const json = await productSale(sale.slug);
    expect(json).toMatchObject({ sale: null, priceCents: product.priceCents, stock: product.stock - 1 });
    expect((await saleAuditRows(sale.id)).map((audit) => audit.action)).toEqual(['create', 'end']);
    expect((await saleAuditRows(sale.id))[1]?.after).toMatchObject({
      status: 'ended',
      endedAt: expect.any(String),
    });
    // After the end, the product sells at its regular price again.
    const after = await placeOrder(buyer, 'sale-end-after', [{ productId: sale.productId, quantity: 1 }]);
    expect(after.totalCents).toBe(product.priceCents);
    expect(await end(browser, String(sale.id))).toMatchObject({ status: 409 });
    // The admin's list: one unit sold in the sale, one order (the later one was not the sale's).
    const listed = (await listAdminSales(browser.request())).find((row) => row.id === sale.id);
    expect(listed).toMatchObject({ status: 'ended', orders: 1, endedAt: expect.any(String) });
    expect(listed?.items[0]).toMatchObject({ unitsSold: 1, units: 3 });
  });

  it('refuses a scheduled or cancelled sale (409) and unknown ids (404), writing nothing', async () => {
    const browser = await admin();
    const upcoming = await scheduled(3);
    const called = await scheduled(4);
    expect((await cancel(browser, String(called.id))).status).toBe(204);
    const before = await salesFingerprint();
    expect(await end(browser, String(upcoming.id))).toMatchObject({ status: 409 });
    expect(await end(browser, String(called.id))).toMatchObject({ status: 409 });
    const listed = await listAdminSales(browser.request());
    expect(listed.find((row) => row.id === called.id)?.status).toBe('cancelled');
    expect(listed.find((row) => row.id === upcoming.id)?.status).toBe('scheduled');
    for (const id of ['999999', '0', 'x', '%00']) expect((await end(browser, id)).status, id).toBe(404);
    expect(await salesFingerprint()).toBe(before);
  });

  it('is for admins only: cancel and end are 401 signed out and 403 for a shopper', async () => {
    const sale = await scheduled(5);
    const shopper = await signedIn(DEMO_SHOPPER);
    const before = await salesFingerprint();
    for (const [browser, status] of [
      [new TestBrowser(), 401],
      [shopper, 403],
    ] as const) {
      expect((await cancel(browser, String(sale.id))).status).toBe(status);
      expect((await end(browser, String(sale.id))).status).toBe(status);
    }
    expect(await salesFingerprint()).toBe(before);
  });
});
