import { expect } from 'vitest';
import { POST as createSale } from '../../app/api/admin/sales/route';
import { requireSession } from '../../lib/auth/guard';
import { getSaleRegistry } from '../../lib/sales';
import { DEMO_ADMIN, productAt, signedIn } from './admin';
import { newShopper } from './orders';
import { saleBody } from './sale-admin';
import type { TestBrowser } from './session';

/* What the tests of the line's page share (lib/pages/queue-data). Imported by tests only. */

/**
 * A sale of the `index`-th product (or of each product in a list of indexes) scheduled through the admin API
 * (so with a real seed), an hour ahead, with a line when `queue` is given; this instance's registry knows it
 * at once.
 */
export async function scheduleSaleAhead(
  index: number | number[],
  queue: { activeShoppers: number } | null,
): Promise<number> {
  const admin = await signedIn(DEMO_ADMIN);
  const bodies = await Promise.all([index].flat().map(async (at) => saleBody(await productAt(at))));
  const created = await admin.call(createSale, 'POST', '/api/admin/sales', {
    body: { ...bodies[0]!, items: bodies.flatMap((body) => body.items), queue },
  });
  expect(created.status).toBe(201);
  const { id } = created.json as { id: number };
  await getSaleRegistry().reload(id);
  return id;
}

/** A newly registered shopper, signed in, and their user id. */
export async function shopperWithId(): Promise<{ browser: TestBrowser; userId: number }> {
  const browser = await newShopper();
  return { browser, userId: (await requireSession(browser.request())).userId };
}
