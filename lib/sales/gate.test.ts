import { describe, expect, it } from 'vitest';
import { getSql } from '@/lib/db/client';
import { createRedisClient, getSessionRedis } from '@/lib/redis/client';
import { saleKeys } from '@/lib/redis/keys';
import { freePort } from '@/tooling/ports';
import { productAt, withOwnCatalog } from '@/tooling/vitest/admin';
import { liveSale } from '@/tooling/vitest/sales';
import { getSaleGate, readSaleSeedFromPostgres } from './buying';
import { SaleGate, type SaleGateSeed, type SaleHold } from './gate';

// The sale gate on the real Redis: units and each customer's allowance taken in one step, given back by a
// failed or crashed checkout, seeded from PostgreSQL only when it has no value.

withOwnCatalog('sale_gate', 20);

let nextSale = 1_000_000;
/** A gate on the run's Redis with its own sale id, seeded from `seed` rather than PostgreSQL. */
function gateWith(
  seed: Omit<SaleGateSeed, 'endsAt' | 'bought'> & { bought?: Map<number, number> },
  holdMs?: number,
) {
  const saleId = (nextSale += 1);
  const reader = async () => ({
    endsAt: new Date(Date.now() + 3600_000),
    bought: new Map<number, number>(),
    ...seed,
  });
  return { saleId, gate: new SaleGate(getSessionRedis(), saleKeys(), reader, holdMs) };
}

const heldOf = (decision: Awaited<ReturnType<SaleGate['take']>>): SaleHold[] => {
  if (decision.kind !== 'held') throw new Error(`refused: ${JSON.stringify(decision)}`);
  return decision.holds;
};

describe('sale gate', () => {
  it("takes a unit only with the buyer's allowance, and says which of the two refused", async () => {
    const { saleId, gate } = gateWith({ units: 3, limit: 2 });
    const line = (quantity: number) => [{ saleId, productId: 7, quantity }];
    heldOf(await gate.take(1, line(2)));
    // User 1's two units are held by a checkout under way: a second attempt of theirs is told so.
    expect(await gate.take(1, line(1))).toEqual({
      kind: 'over_limit',
      productId: 7,
      limit: 2,
      bought: 2,
      contended: true,
    });
    expect(await gate.take(2, line(2))).toEqual({
      kind: 'sold_out',
      productId: 7,
      available: 1,
      contended: false,
    });
    heldOf(await gate.take(2, line(1)));
    expect(await gate.take(3, line(1))).toEqual({
      kind: 'sold_out',
      productId: 7,
      available: 0,
      contended: false,
    });
    expect(await gate.take(2, line(1))).toMatchObject({ kind: 'sold_out', contended: true });
    expect(await gate.allowance(saleId, 7, 1)).toEqual({ unitsLeft: 0, limit: 2, bought: 0 });
  });

  it('gives back units and allowance on a failed order, keeps both on a commit, and settles once', async () => {
    const { saleId, gate } = gateWith({ units: 5, limit: 2 });
    const line = [{ saleId, productId: 1, quantity: 2 }];
    const failed = heldOf(await gate.take(1, line));
    await gate.settle(failed, { giveBack: true });
    await gate.settle(failed, { giveBack: true });
    expect(await gate.allowance(saleId, 1, 1)).toEqual({ unitsLeft: 5, limit: 2, bought: 0 });

    const placed = heldOf(await gate.take(1, line));
    await gate.settle(placed, { giveBack: false });
    await gate.settle(placed, { giveBack: true }); // a late retry changes nothing
    expect(await gate.allowance(saleId, 1, 1)).toEqual({ unitsLeft: 3, limit: 2, bought: 2 });
    expect(await gate.take(1, [{ saleId, productId: 1, quantity: 1 }])).toMatchObject({ kind: 'over_limit' });
  });

  it('takes a whole cart or nothing: a refused line gives back the lines before it', async () => {
    const { saleId, gate } = gateWith({ units: 1, limit: 5 });
    const decision = await gate.take(1, [
      { saleId, productId: 1, quantity: 1 },
      { saleId, productId: 2, quantity: 2 },
    ]);
    expect(decision).toEqual({ kind: 'sold_out', productId: 2, available: 1, contended: false });
    expect(await gate.allowance(saleId, 1, 1)).toEqual({ unitsLeft: 1, limit: 5, bought: 0 });
  });

  it("gives back a crashed checkout's units and allowance when its hold expires", async () => {
    const { saleId, gate } = gateWith({ units: 1, limit: 1 }, 400);
    const line = [{ saleId, productId: 1, quantity: 1 }];
    heldOf(await gate.take(1, line)); // never settled
    expect(await gate.take(1, line)).toMatchObject({ kind: 'sold_out' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    heldOf(await gate.take(1, line));
  });

  it('lets exactly the units and exactly the limit through, however many takes race', async () => {
    const { saleId, gate } = gateWith({ units: 10, limit: 1 });
    const line = [{ saleId, productId: 1, quantity: 1 }];
    const crowd = await Promise.all(Array.from({ length: 60 }, (_, user) => gate.take(user + 1, line)));
    expect(crowd.filter((decision) => decision.kind === 'held')).toHaveLength(10);

    const other = gateWith({ units: 50, limit: 2 });
    const greedy = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        other.gate.take(42, [{ saleId: other.saleId, productId: 1, quantity: 1 + (n % 2) }]),
      ),
    );
    const units = greedy.flatMap((decision) =>
      decision.kind === 'held' ? decision.holds.map((hold) => Number(hold.member.split(':').pop())) : [],
    );
    expect(units.reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(2);
    expect(units.length).toBeGreaterThan(0);
  });

  it('seeds from PostgreSQL (units left capped by the stock, every buyer) only when it has no value', async () => {
    const product = await productAt(0);
    const [user] = await getSql()<{ id: number }[]>`
      insert into users (email, name, password_hash) values ('gate-buyer@example.test', 'B', 'x') returning id`;
    await getSql()`update products set stock = 8 where id = ${product.id}`;
    const saleId = await liveSale({
      productId: product.id,
      salePriceCents: 100,
      units: 10,
      perCustomerLimit: 3,
    });
    await getSql()`update sale_items set units_sold = 1 where sale_id = ${saleId}`;
    await getSql()`
      insert into sale_purchases (sale_id, product_id, user_id, quantity) values (${saleId}, ${product.id}, ${user!.id}, 1)`;
    const seed = await readSaleSeedFromPostgres(saleId, product.id);
    expect(seed).toMatchObject({ units: 8, limit: 3, bought: new Map([[user!.id, 1]]) });

    const gate = getSaleGate();
    expect(await gate.allowance(saleId, product.id, user!.id)).toEqual({ unitsLeft: 8, limit: 3, bought: 1 });
    expect(await gate.take(user!.id, [{ saleId, productId: product.id, quantity: 3 }])).toEqual({
      kind: 'over_limit',
      productId: product.id,
      limit: 3,
      bought: 1,
      contended: false,
    });
    heldOf(await gate.take(user!.id, [{ saleId, productId: product.id, quantity: 2 }]));
    // PostgreSQL changed under it: the gate keeps its own (a seed never overwrites), until reset.
    await getSql()`update products set stock = 2 where id = ${product.id}`;
    expect(await gate.prime(saleId, product.id)).toBe(true);
    expect(await gate.unitsLeft(saleId, product.id)).toBe(6);
    await gate.reset(saleId, [product.id]);
    expect(await gate.unitsLeft(saleId, product.id)).toBeNull();
    expect(await gate.allowance(saleId, product.id, null)).toEqual({ unitsLeft: 2, limit: 3, bought: 0 });
    expect(await readSaleSeedFromPostgres(saleId, product.id + 100_000)).toBeNull();
  });

  it('fails as an outage, never as a refusal, when its Redis cannot be reached', async () => {
    const dead = createRedisClient({ target: { url: `redis://127.0.0.1:${await freePort()}` } });
    dead.on('error', () => {});
    try {
      const gate = new SaleGate(dead, saleKeys(), async () => null);
      await expect(gate.take(1, [{ saleId: 1, productId: 1, quantity: 1 }])).rejects.toMatchObject({
        name: 'UnavailableError',
      });
    } finally {
      dead.disconnect();
    }
  });
});
