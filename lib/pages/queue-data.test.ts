import { afterAll, describe, expect, it } from 'vitest';
import { listAdminSales } from '@/lib/admin';
import { requireSession } from '@/lib/auth/guard';
import {
  admissionCookieName,
  admissionOf,
  closeQueueLines,
  drawOrder,
  holdsAdmission,
  joinLine,
  queuedSaleOf,
} from '@/lib/queue';
import type { SaleRecord } from '@/lib/sales';
import { DEMO_ADMIN, productAt, signedIn, withOwnCatalog } from '@/tooling/vitest/admin';
import { scheduleSaleAhead, shopperWithId } from '@/tooling/vitest/line-page';
import { makeLive } from '@/tooling/vitest/sale-admin';
import { TestBrowser } from '@/tooling/vitest/session';
import { gatePage } from './page-gate';
import { admitToSale, linePageSale, lineStandingOf, saleLineRecord } from './queue-data';

// What the line's page (/queue/[saleId]) and its actions read, on real PostgreSQL and Redis: which sales
// have a page, a shopper's standing before and after the draw, the admission cookie set only on their
// turn, the page gate's answers, and the admin's view of the same line.

withOwnCatalog('queue_page');
afterAll(() => closeQueueLines());

const lineRecord = async (saleId: number): Promise<SaleRecord> => (await saleLineRecord(saleId))!;

describe("the line's page data", () => {
  it('has a page for a listed sale with a line only', async () => {
    const queued = await scheduleSaleAhead(0, { activeShoppers: 2 });
    const plain = await scheduleSaleAhead(1, null);
    expect((await saleLineRecord(String(queued)))?.id).toBe(queued);
    expect(await saleLineRecord(String(plain))).toBeUndefined();
    for (const text of ['0', '-1', 'x', `0${queued}`, '2147483648', '99999999999', '1e3']) {
      expect(await saleLineRecord(text), text).toBeUndefined();
    }
    const sale = linePageSale(await lineRecord(queued));
    const product = await productAt(0);
    expect(sale).toMatchObject({ id: queued, status: 'scheduled', admittedThrough: null });
    expect(sale.products).toEqual([
      { slug: product.slug, name: product.name, href: `/products/${product.slug}` },
    ]);
    expect(sale.entry).toEqual({
      href: `/products/${product.slug}`,
      name: product.name,
      label: 'Go to the product',
    });
  });

  it('takes the shopper whose turn it is in a sale of several products to the sale, admitted to each', async () => {
    const saleId = await scheduleSaleAhead([6, 7], { activeShoppers: 1 });
    const products = [await productAt(6), await productAt(7)];
    const sale = linePageSale(await lineRecord(saleId));
    expect(sale.products.map((product) => product.slug)).toEqual(products.map((product) => product.slug));
    expect(sale.entry).toEqual({ href: `/sales#sale-${saleId}`, name: sale.name, label: 'Go to the sale' });

    const shopper = await shopperWithId();
    await joinLine(await lineRecord(saleId), shopper.userId);
    await makeLive(saleId);
    const live = await lineRecord(saleId);
    await expect
      .poll(
        async () => {
          const standing = await lineStandingOf(live, shopper.userId);
          return standing.kind === 'in-line' && standing.status.status;
        },
        { timeout: 5000 },
      )
      .toBe('admitted');
    const session = await requireSession(shopper.browser.request());
    expect(await admitToSale(shopper.browser.request(), session, live)).not.toBeNull();
    for (const product of products) {
      const guarding = await queuedSaleOf(product.id);
      expect(guarding?.id, product.slug).toBe(saleId);
      expect(await holdsAdmission(shopper.browser.request(), guarding!, shopper.userId), product.slug).toBe(
        true,
      );
    }
  });

  it('answers each page through the gate: sign in first, then the 404 page for what has no line', async () => {
    const queued = await scheduleSaleAhead(2, { activeShoppers: 2 });
    const plain = await scheduleSaleAhead(3, null);
    const gate = (path: string, browser: TestBrowser) =>
      gatePage({ url: new URL(path, 'http://shop.test'), context: () => browser.request() });
    expect(await gate(`/queue/${queued}`, new TestBrowser())).toEqual({
      kind: 'redirect',
      location: `/login?next=%2Fqueue%2F${queued}`,
    });
    const { browser } = await shopperWithId();
    expect(await gate(`/queue/${queued}`, browser)).toEqual({ kind: 'pass' });
    for (const id of [String(plain), '999999', 'abc', '%00']) {
      expect(await gate(`/queue/${id}`, browser), id).toEqual({ kind: 'not-found', what: 'page' });
    }
  });

  it('tells a shopper where they stand before and after the draw; only their turn sets the cookie', async () => {
    const saleId = await scheduleSaleAhead(4, { activeShoppers: 1 });
    const shoppers = await Promise.all([shopperWithId(), shopperWithId(), shopperWithId()]);
    const before = await lineRecord(saleId);
    expect(await lineStandingOf(before, shoppers[0]!.userId)).toEqual({ kind: 'not-joined' });
    for (const { userId } of shoppers) await joinLine(before, userId);
    expect(await lineStandingOf(before, shoppers[0]!.userId)).toMatchObject({
      kind: 'in-line',
      paused: false,
      status: { status: 'registered', position: null },
    });

    await makeLive(saleId);
    const live = await lineRecord(saleId);
    // The draw's order, recomputed from the seed: the first is admitted, the others wait their turn.
    const order = drawOrder(
      live.queue!.seed,
      shoppers.map((shopper) => shopper.userId),
    );
    const byPlace = order.map((userId) => shoppers.find((shopper) => shopper.userId === userId)!);
    // This instance reads the line once a second (lib/queue/lines.ts): the draw shows at its next reading.
    const statusOf = async (userId: number) => {
      const standing = await lineStandingOf(live, userId);
      return standing.kind === 'in-line' ? standing.status.status : standing.kind;
    };
    await expect.poll(() => statusOf(byPlace[0]!.userId), { timeout: 5000 }).toBe('admitted');
    const standings = await Promise.all(byPlace.map(({ userId }) => lineStandingOf(live, userId)));
    expect(standings.map((standing) => standing.kind === 'in-line' && standing.status)).toEqual([
      expect.objectContaining({ status: 'admitted', position: 1, ahead: 0 }),
      expect.objectContaining({ status: 'waiting', position: 2, ahead: 0 }),
      expect.objectContaining({ status: 'waiting', position: 3, ahead: 1 }),
    ]);

    const [first, second] = byPlace as [(typeof byPlace)[0], (typeof byPlace)[0]];
    const firstSession = await requireSession(first.browser.request());
    const expiry = await admitToSale(first.browser.request(), firstSession, live);
    expect(expiry).toBeGreaterThan(Date.now());
    expect(await admissionOf(first.browser.cookies, false, saleId)).toMatchObject({
      saleId,
      userId: first.userId,
      expiresAt: expiry,
    });
    const secondSession = await requireSession(second.browser.request());
    expect(await admitToSale(second.browser.request(), secondSession, live)).toBeNull();
    expect(second.browser.cookies.get(admissionCookieName(saleId))).toBeUndefined();

    // The admin's list shows the same line: two waiting, one admitted, admitted through place 1.
    const admin = await signedIn(DEMO_ADMIN);
    const listed = (await listAdminSales(admin.request())).find((sale) => sale.id === saleId);
    expect(listed?.line).toEqual({ waiting: 2, admitted: 1, admittedThrough: 1, stale: false });
    const scheduled = await scheduleSaleAhead(5, { activeShoppers: 3 });
    const upcoming = (await listAdminSales(admin.request())).find((sale) => sale.id === scheduled);
    expect(upcoming).toMatchObject({ queue: { activeShoppers: 3, admissionMinutes: 10 }, line: null });
  });
});
