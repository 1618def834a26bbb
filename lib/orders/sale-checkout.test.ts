import { describe, expect, it } from 'vitest';
import { POST as cancelRoute } from '@/app/api/admin/orders/[id]/cancel/route';
import { getSql } from '@/lib/db/client';
import { getMetricsRegistry } from '@/lib/metrics/registry';
import { createRedisClient, getSessionRedis } from '@/lib/redis/client';
import { checkoutKeys, saleKeys, sessionKeys, stockKeys } from '@/lib/redis/keys';
import { getSaleGate, readSaleSeedFromPostgres, SaleGate } from '@/lib/sales';
import { currentSession } from '@/lib/session/current';
import { readStockFromPostgres } from '@/lib/stock';
import { StockGate } from '@/lib/stock/gate';
import { freePort } from '@/tooling/ports';
import { DEMO_ADMIN, productAt, signedIn, withOwnCatalog } from '@/tooling/vitest/admin';
import { addToCart, checkoutWith, newKey, newShopper, setStock, stockOf } from '@/tooling/vitest/orders';
import { liveSale, saleBought, saleUnitsSold, scheduleSale } from '@/tooling/vitest/sales';
import type { TestBrowser } from '@/tooling/vitest/session';
import { checkout, CheckoutInProgressError } from './checkout';
import { IdempotencyRecords } from './idempotency';

// Checkout of a sale's products on real PostgreSQL and Redis: the refusals (not started, sold out, over the
// limit) with their contract's bodies, the sale price charged, the limit kept with the gate's Redis gone,
// and a cancellation giving the buyer their allowance back.

withOwnCatalog('sale_checkout', 20);

async function userIdOf(browser: TestBrowser): Promise<number> {
  const session = await currentSession(browser.request());
  if (session?.userId == null) throw new Error('not signed in');
  return session.userId;
}

/** Puts a line straight into the user's cart, as if added before the sale changed (past the cart's clamp). */
async function putInCart(browser: TestBrowser, productId: number, quantity: number): Promise<void> {
  await getSessionRedis().hset(sessionKeys().userCart(await userIdOf(browser)), String(productId), quantity);
}

async function saleCheckouts(result: string): Promise<number> {
  const metric = await getMetricsRegistry().getSingleMetric('storefront_sale_checkouts_total')?.get();
  return metric?.values.find((value) => value.labels.result === result)?.value ?? 0;
}

async function ordersOf(userId: number): Promise<number> {
  const [row] = await getSql()<{ n: number }[]>`
    select count(*)::int as n from orders where user_id = ${userId} and status = 'placed'`;
  return row?.n ?? 0;
}

describe('checkout in a sale', () => {
  it('refuses a cart holding a product whose sale has not started: 409 with the start, nothing written', async () => {
    const product = await productAt(0);
    await setStock(product.id, 20);
    const shopper = await newShopper();
    await addToCart(shopper, product.id, 1); // before the sale was scheduled
    const startsAt = new Date(Date.now() + 600_000);
    await scheduleSale({
      startsAt,
      endsAt: new Date(startsAt.getTime() + 600_000),
      items: [{ productId: product.id, salePriceCents: 50, units: 5, perCustomerLimit: 1 }],
    });
    const before = await saleCheckouts('not_started');
    const answer = await checkoutWith(shopper, newKey());
    expect([answer.status, answer.json]).toEqual([
      409,
      { error: expect.any(String), productId: product.id, startsAt: startsAt.toISOString() },
    ]);
    expect(await saleCheckouts('not_started')).toBe(before + 1);
    expect(await stockOf(product.id)).toBe(20);
    expect(await ordersOf(await userIdOf(shopper))).toBe(0);
  });

  it('sells at the sale price from the sale and the stock, and refuses the sold out from Redis alone', async () => {
    const product = await productAt(1);
    await setStock(product.id, 20);
    const saleId = await liveSale({
      productId: product.id,
      salePriceCents: 77,
      units: 2,
      perCustomerLimit: 2,
    });
    const winner = await newShopper();
    await addToCart(winner, product.id, 2);
    const placedBefore = await saleCheckouts('placed');
    const placed = await checkoutWith(winner, newKey());
    expect([placed.status, placed.json]).toEqual([201, { orderId: expect.any(Number), totalCents: 154 }]);
    expect(await saleCheckouts('placed')).toBe(placedBefore + 1);
    const [line] = await getSql()`
      select sale_id as "saleId", unit_price_cents as price from order_items
      where order_id = ${(placed.json as { orderId: number }).orderId}`;
    expect(line).toEqual({ saleId, price: 77 });
    expect([await stockOf(product.id), await saleUnitsSold(saleId, product.id)]).toEqual([18, 2]);
    expect(await getSaleGate().allowance(saleId, product.id, await userIdOf(winner))).toEqual({
      unitsLeft: 0,
      limit: 2,
      bought: 2,
    });
    // The product's own stock gate followed the sale's units.
    expect(await getSessionRedis().get(stockKeys().product(product.id).gate)).toBe('18');

    const loser = await newShopper();
    await putInCart(loser, product.id, 1);
    const soldOutBefore = await saleCheckouts('sold_out');
    const key = newKey();
    const refused = await checkoutWith(loser, key);
    expect([refused.status, refused.json]).toEqual([
      409,
      { error: expect.any(String), productId: product.id, available: 0 },
    ]);
    expect(await saleCheckouts('sold_out')).toBe(soldOutBefore + 1);
    // What it cost Redis: the session read, then the record and the cart (sent together) and the sale
    // gate's script: no claim, nothing to give back. (The minute buckets' counts are not awaited.)
    const redis = getSessionRedis();
    const sent: string[] = [];
    const original = redis.sendCommand.bind(redis);
    redis.sendCommand = ((command: { name: string }, ...rest: unknown[]) => {
      sent.push(command.name);
      return (original as (...args: unknown[]) => unknown)(command, ...rest);
    }) as typeof redis.sendCommand;
    try {
      expect((await checkoutWith(loser, newKey())).status).toBe(409);
    } finally {
      redis.sendCommand = original;
    }
    const awaited = sent.filter((name) => !['multi', 'hincrby', 'expire', 'exec'].includes(name));
    expect(awaited.slice(-3)).toEqual(['get', 'hgetall', 'evalsha']);
    expect(awaited.length).toBeLessThanOrEqual(4);
    // No claim was made, so none had to be given back: the key's record was never written.
    const { createHash } = await import('node:crypto');
    const record = checkoutKeys().attempt(
      await userIdOf(loser),
      createHash('sha256').update(key).digest('base64url'),
    );
    expect(await getSessionRedis().exists(record)).toBe(0);
  });

  it('refuses past the limit per customer across orders: from the gate, and from PostgreSQL when the gate is away', async () => {
    const product = await productAt(2);
    await setStock(product.id, 20);
    const saleId = await liveSale({
      productId: product.id,
      salePriceCents: 10,
      units: 10,
      perCustomerLimit: 2,
    });
    const shopper = await newShopper();
    await addToCart(shopper, product.id, 2);
    expect((await checkoutWith(shopper, newKey())).status).toBe(201);
    await putInCart(shopper, product.id, 1);
    const before = await saleCheckouts('over_limit');
    const refused = await checkoutWith(shopper, newKey());
    expect([refused.status, refused.json]).toEqual([
      409,
      { error: expect.any(String), productId: product.id, limit: 2, bought: 2 },
    ]);
    expect(await saleCheckouts('over_limit')).toBe(before + 1);

    const dead = createRedisClient({ target: { url: `redis://127.0.0.1:${await freePort()}` } });
    dead.on('error', () => {});
    try {
      const deps = {
        gate: new StockGate(dead, stockKeys(), readStockFromPostgres, 60_000),
        saleGate: new SaleGate(dead, saleKeys(), readSaleSeedFromPostgres),
        records: new IdempotencyRecords(dead, checkoutKeys()),
      };
      await expect(checkout(shopper.request(), { idempotencyKey: newKey() }, deps)).rejects.toMatchObject({
        status: 409,
        extra: { productId: product.id, limit: 2, bought: 2 },
      });
    } finally {
      dead.disconnect();
    }
    expect(await saleBought(saleId, product.id, await userIdOf(shopper))).toBe(2);
    expect(await stockOf(product.id)).toBe(18);
  });

  it('keeps one customer within the limit over 20 concurrent checkouts, with the gate and without it', async () => {
    const product = await productAt(3);
    await setStock(product.id, 500);
    const saleId = await liveSale({
      productId: product.id,
      salePriceCents: 10,
      units: 400,
      perCustomerLimit: 2,
    });
    const dead = createRedisClient({ target: { url: `redis://127.0.0.1:${await freePort()}` } });
    dead.on('error', () => {});
    const without = {
      gate: new StockGate(dead, stockKeys(), readStockFromPostgres, 60_000),
      saleGate: new SaleGate(dead, saleKeys(), readSaleSeedFromPostgres),
      records: new IdempotencyRecords(dead, checkoutKeys()),
    };
    try {
      for (const deps of [undefined, without]) {
        for (let round = 0; round < 10; round += 1) {
          const shopper = await newShopper();
          await putInCart(shopper, product.id, 1 + (round % 2));
          const answers = await Promise.allSettled(
            Array.from({ length: 20 }, () => checkout(shopper.request(), { idempotencyKey: newKey() }, deps)),
          );
          for (const answer of answers) {
            if (answer.status === 'rejected') expect(answer.reason).toMatchObject({ status: 409 });
          }
          expect(answers.some((answer) => answer.status === 'fulfilled')).toBe(true);
          expect(await saleBought(saleId, product.id, await userIdOf(shopper))).toBeLessThanOrEqual(2);
        }
      }
    } finally {
      dead.disconnect();
    }
  }, 60_000);

  it("answers a double-click's second press with the first's order (or 'still running'), never the limit", async () => {
    const product = await productAt(5);
    await setStock(product.id, 100);
    await liveSale({ productId: product.id, salePriceCents: 10, units: 50, perCustomerLimit: 1 });
    for (let round = 0; round < 8; round += 1) {
      const shopper = await newShopper();
      await putInCart(shopper, product.id, 1);
      const key = newKey();
      const presses = await Promise.allSettled(
        Array.from({ length: 3 }, () => checkout(shopper.request(), { idempotencyKey: key })),
      );
      const orders = new Set<number>();
      for (const press of presses) {
        if (press.status === 'fulfilled') orders.add(press.value.answer.orderId);
        else expect(press.reason).toBeInstanceOf(CheckoutInProgressError);
      }
      expect(orders.size).toBe(1);
      expect(await ordersOf(await userIdOf(shopper))).toBe(1);
    }
  });

  it('gives the buyer their allowance and the sale its units back when an admin cancels the order', async () => {
    const product = await productAt(4);
    await setStock(product.id, 20);
    const saleId = await liveSale({
      productId: product.id,
      salePriceCents: 10,
      units: 1,
      perCustomerLimit: 1,
    });
    const shopper = await newShopper();
    await addToCart(shopper, product.id, 1);
    const placed = await checkoutWith(shopper, newKey());
    expect(placed.status).toBe(201);
    expect((await addToCart(shopper, product.id, 1)).status).toBe(409);

    const admin = await signedIn(DEMO_ADMIN);
    const orderId = String((placed.json as { orderId: number }).orderId);
    const cancelled = await admin.call(cancelRoute, 'POST', `/api/admin/orders/${orderId}/cancel`, {
      params: { id: orderId },
    });
    expect(cancelled.status).toBe(200);
    const userId = await userIdOf(shopper);
    expect([await saleUnitsSold(saleId, product.id), await saleBought(saleId, product.id, userId)]).toEqual([
      0, 0,
    ]);
    expect(await stockOf(product.id)).toBe(20);
    // They can buy again: the cart takes it, and so do both gates and PostgreSQL.
    expect((await addToCart(shopper, product.id, 1)).status).toBe(200);
    expect((await checkoutWith(shopper, newKey())).status).toBe(201);
    expect(await saleBought(saleId, product.id, userId)).toBe(1);
  });
});
