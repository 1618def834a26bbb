import { describe, expect, it } from 'vitest';
import { getSaleGate } from '@/lib/sales';
import { productAt, withOwnCatalog } from '@/tooling/vitest/admin';
import { addToCart, checkoutWith, newKey, newShopper, setStock } from '@/tooling/vitest/orders';
import { liveSale } from '@/tooling/vitest/sales';
import { getSessionRedis } from '../../redis/client';
import { sessionKeys } from '../../redis/keys';
import { currentSession } from '../../session/current';
import { readCheckoutMinutes } from '../../orders/stats';
import { readSaleFigures } from './sales';

// The operator's view of a running sale: its units left from the gate, and its refusals per second from
// the checkout buckets every instance writes.

withOwnCatalog('sale_stats', 10);

describe('sale figures', () => {
  it("shows a running sale's units left and counts its checkouts' refusals", async () => {
    const product = await productAt(0);
    await setStock(product.id, 50);
    const saleId = await liveSale({
      productId: product.id,
      salePriceCents: 10,
      units: 1,
      perCustomerLimit: 1,
    });
    const winner = await newShopper();
    await addToCart(winner, product.id, 1);
    expect((await checkoutWith(winner, newKey())).status).toBe(201);
    const before = await readSaleFigures(await readCheckoutMinutes(2));
    expect(before.live).toEqual([
      expect.objectContaining({
        id: saleId,
        status: 'sold_out', // from the gate's figure, whether or not the registry has re-read the sale
        items: [{ productId: product.id, name: product.name, units: 1, unitsLeft: 0 }],
      }),
    ]);
    expect(await getSaleGate().unitsLeft(saleId, product.id)).toBe(0);

    const losers = await Promise.all(Array.from({ length: 3 }, () => newShopper()));
    for (const loser of losers) {
      const session = await currentSession(loser.request());
      await getSessionRedis().hset(sessionKeys().userCart(session!.userId!), product.id, 1);
      expect((await checkoutWith(loser, newKey())).status).toBe(409);
    }
    // The buckets are written without waiting: give them a moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const minutes = await readCheckoutMinutes(2);
    const after = await readSaleFigures(minutes);
    expect(minutes.reduce((sum, minute) => sum + minute.saleRefused, 0)).toBe(3);
    expect(after.refusalsPerSecond).toBeGreaterThan(0);
    expect(after.refusalsPerSecond).toBeCloseTo(3 / ((Date.now() - minutes[0]!.at) / 1000), 1);
  });
});
