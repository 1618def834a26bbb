import { describe, expect, it } from 'vitest';
import { getSql } from '@/lib/db/client';
import { getStockGate, readStockFromPostgres } from '@/lib/stock';
import { productAt, withOwnCatalog } from '@/tooling/vitest/admin';
import { setStock } from '@/tooling/vitest/orders';
import { findGateDrift } from './drift';

// The drift check against the real Redis and PostgreSQL: checkouts under way are not drift; stock
// changed behind the gate's back, either way, is.

withOwnCatalog('stock_drift', 5);

const setStockBehindTheGate = (productId: number, stock: number) =>
  getSql()`update products set stock = ${stock} where id = ${productId}`;

describe('stock gate drift', () => {
  it('sees no drift through a checkout: taken, committed in PostgreSQL, then settled', async () => {
    const product = await productAt(0);
    await setStock(product.id, 10);
    const gate = getStockGate();
    const decision = await gate.take([{ productId: product.id, quantity: 3 }]);
    if (decision.kind !== 'held') throw new Error('the gate refused');
    expect(gate.recentlySold()).toContain(product.id);
    expect(await gate.state(product.id)).toEqual({ value: 7, held: 3 });
    const check = () => findGateDrift(gate, readStockFromPostgres, [product.id]);
    expect(await check()).toEqual({ checked: 1, drifting: [] });
    await setStockBehindTheGate(product.id, 7); // the order's commit
    expect(await check()).toEqual({ checked: 1, drifting: [] });
    await gate.settle(decision.holds, { giveBack: false });
    expect(await gate.state(product.id)).toEqual({ value: 7, held: 0 });
    expect(await check()).toEqual({ checked: 1, drifting: [] });
  });

  it('finds a gate above PostgreSQL (orders placed while Redis was away) and one below it (stock added by hand)', async () => {
    const [high, low, unseeded] = [await productAt(1), await productAt(2), await productAt(3)];
    const gate = getStockGate();
    for (const product of [high, low]) {
      await setStock(product.id, 10);
      expect(await gate.available([product.id])).toEqual(new Map([[product.id, 10]]));
    }
    await setStockBehindTheGate(high.id, 4);
    await setStockBehindTheGate(low.id, 25);
    const { checked, drifting } = await findGateDrift(gate, readStockFromPostgres, [
      high.id,
      low.id,
      unseeded.id,
    ]);
    // A product whose gate has no value has nothing to disagree with.
    expect(checked).toBe(2);
    expect(drifting).toEqual([
      { productId: high.id, stockBefore: 4, stockAfter: 4, gate: 10, held: 0 },
      { productId: low.id, stockBefore: 25, stockAfter: 25, gate: 10, held: 0 },
    ]);
    // Reset (what an admin's stock edit does), the gate re-seeds and agrees again.
    await gate.reset([high.id, low.id]);
    await gate.available([high.id, low.id]);
    expect((await findGateDrift(gate, readStockFromPostgres, [high.id, low.id])).drifting).toEqual([]);
  });
});
