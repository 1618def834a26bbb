import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkout } from '@/lib/orders';
import { IdempotencyRecords } from '@/lib/orders/idempotency';
import { createRedisClient, getSessionRedis } from '@/lib/redis/client';
import { checkoutKeys, stockKeys } from '@/lib/redis/keys';
import { currentSession } from '@/lib/session/current';
import { displayStock, getStockGate, liveStock, readStockFromPostgres } from '@/lib/stock';
import { StockGate } from '@/lib/stock/gate';
import { productAt, withOwnCatalog } from '@/tooling/vitest/admin';
import { addToCart, checkoutWith, newKey, newShopper, setStock, stockOf } from '@/tooling/vitest/orders';
import { freePort } from '@/tooling/ports';

// The stock gate in front of PostgreSQL, on the real Redis: it answers losers without PostgreSQL, gives
// back what a failed or crashed checkout took, and is never needed for a sale to be right.

withOwnCatalog('stock_gate', 30);

describe('stock gate', () => {
  it('takes units while enough remain, refuses with what is left, and gives back on a failed order', async () => {
    const product = await productAt(0);
    await setStock(product.id, 5);
    const gate = getStockGate();
    const first = await gate.take([{ productId: product.id, quantity: 3 }]);
    expect(first).toMatchObject({ kind: 'held', holds: [{ productId: product.id }] });
    expect(await gate.take([{ productId: product.id, quantity: 3 }])).toEqual({
      kind: 'refused',
      productId: product.id,
      available: 2,
    });
    if (first.kind !== 'held') throw new Error('unreachable');
    await gate.settle(first.holds, { giveBack: true });
    expect(await gate.peek(product.id)).toBe(5);
    // Settled twice (a retry): the units come back once.
    await gate.settle(first.holds, { giveBack: true });
    expect(await gate.peek(product.id)).toBe(5);
  });

  it('takes a whole cart or nothing: a line that cannot be filled gives back the ones before it', async () => {
    const [a, b] = [await productAt(1), await productAt(2)];
    await setStock(a.id, 10);
    await setStock(b.id, 1);
    const gate = getStockGate();
    const decision = await gate.take([
      { productId: a.id, quantity: 4 },
      { productId: b.id, quantity: 2 },
    ]);
    expect(decision).toEqual({ kind: 'refused', productId: b.id, available: 1 });
    expect([await gate.peek(a.id), await gate.peek(b.id)]).toEqual([10, 1]);
  });

  it('makes the units of a checkout that crashed after taking them sellable again when its hold expires', async () => {
    const product = await productAt(3);
    await setStock(product.id, 2);
    const shopper = await newShopper();
    expect((await addToCart(shopper, product.id, 1)).status).toBe(200);
    // The crash: units taken through the gate, and nothing ever commits or settles them. The hold is the
    // production gate's, only shorter (HOLD_MS is 30 s): the checkouts below go through the shop's own gate.
    const holdMs = 3000;
    const crashing = new StockGate(getSessionRedis(), stockKeys(), readStockFromPostgres, 60_000, holdMs);
    const crashed = await crashing.take([{ productId: product.id, quantity: 2 }]);
    expect(crashed.kind).toBe('held');
    expect((await checkoutWith(shopper, newKey())).status).toBe(409);

    const started = Date.now();
    let status = 0;
    while (Date.now() - started < 30_000) {
      status = (await checkoutWith(shopper, newKey())).status;
      if (status === 201) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(holdMs - 1000);
    expect(await stockOf(product.id)).toBe(1);
  }, 60_000);

  it('with its Redis unreachable, checkout still places a correct order through PostgreSQL alone', async () => {
    const product = await productAt(4);
    await setStock(product.id, 3);
    const shopper = await newShopper();
    await addToCart(shopper, product.id, 2);
    const dead = createRedisClient({ target: { url: `redis://127.0.0.1:${await freePort()}` } });
    dead.on('error', () => {});
    try {
      const deps = {
        gate: new StockGate(dead, stockKeys(), readStockFromPostgres, 60_000),
        records: new IdempotencyRecords(dead, checkoutKeys()),
      };
      const key = newKey();
      const { answer, placed } = await checkout(shopper.request(), { idempotencyKey: key }, deps);
      expect(placed).toBe(true);
      expect(answer.totalCents).toBe(2 * product.priceCents);
      expect(await stockOf(product.id)).toBe(1);
      // The key still makes one order: PostgreSQL's row answers the replay.
      const again = await checkout(shopper.request(), { idempotencyKey: key }, deps);
      expect(again).toEqual({ answer, placed: false });
      expect(await stockOf(product.id)).toBe(1);
      // And the stock is still PostgreSQL's to decide: 1 left, 2 wanted.
      await addToCart(shopper, product.id, 2);
      await expect(checkout(shopper.request(), { idempotencyKey: newKey() }, deps)).rejects.toMatchObject({
        status: 409,
        extra: { productId: product.id, available: 1 },
      });
    } finally {
      dead.disconnect();
    }
  });

  it('lets a reply that is not an outage fail the request instead of falling back past it', async () => {
    // A key of the wrong type (WRONGTYPE): Redis answered, so this is a bug, not "Redis away"; checkout,
    // the cart's live stock and the page's stock must not go on as if the gate or the record were down.
    const product = await productAt(5);
    await setStock(product.id, 4);
    const shopper = await newShopper();
    expect((await addToCart(shopper, product.id, 1)).status).toBe(200);
    const session = await currentSession(shopper.request());
    const redis = getSessionRedis();
    const wrongType = async (key: string) => {
      await redis.del(key);
      await redis.hset(key, 'not', 'a string');
    };

    const { gate } = stockKeys().product(product.id);
    await wrongType(gate);
    await expect(checkout(shopper.request(), { idempotencyKey: newKey() })).rejects.toThrow(/^WRONGTYPE/);
    await expect(liveStock([product.id])).rejects.toThrow(/^WRONGTYPE/);
    await expect(displayStock(product.id, 4)).rejects.toThrow(/^WRONGTYPE/);
    await redis.del(gate);

    const key = newKey();
    const record = checkoutKeys().attempt(
      session!.userId!,
      createHash('sha256').update(key).digest('base64url'),
    );
    await wrongType(record);
    await expect(checkout(shopper.request(), { idempotencyKey: key })).rejects.toThrow(/^WRONGTYPE/);
    expect(await stockOf(product.id)).toBe(4);
    await redis.del(record);
    // Nothing else was wrong: with the keys sound again, the same key places the order.
    expect((await checkoutWith(shopper, key)).status).toBe(201);
    expect(await stockOf(product.id)).toBe(3);
  });
});
