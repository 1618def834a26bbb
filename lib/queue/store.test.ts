import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getSessionRedis } from '@/lib/redis/client';
import { queueKeys } from '@/lib/redis/keys';
import { drawOrder } from './order';
import { QueueStore, type LineSpec } from './store';

// The line's store on the real Redis: one place per account, the seeded draw at the start, admissions
// given, released and expired, and none once sold out.

const store = () => new QueueStore(getSessionRedis(), queueKeys());
let nextSale = 2_000_000;

function line(overrides: Partial<LineSpec> = {}): LineSpec {
  const now = Date.now();
  return {
    saleId: (nextSale += 1),
    // Room for the joins a test makes before the start: a loaded machine took longer than 400 ms once.
    startsAt: now + 1500,
    endsAt: now + 3600_000,
    activeShoppers: 2,
    admissionMinutes: 10,
    seed: randomBytes(32).toString('hex'),
    ...overrides,
  };
}

const untilStart = (spec: LineSpec) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, spec.startsAt - Date.now() + 20)));

describe('the line in Redis', () => {
  it('gives one place per account, places early joiners by the seed, later ones after them in order', async () => {
    const spec = line();
    const queue = store();
    const early = [11, 12, 13, 14, 15, 16];
    for (const userId of [...early, 12, 15]) await queue.join(spec, userId);
    expect((await queue.join(spec, 11)).first).toBe(false);
    expect(await queue.standing(spec, 11)).toMatchObject({ place: null });
    expect(await queue.draw(spec)).toBe(false); // before the start: nothing drawn
    await untilStart(spec);
    expect((await queue.join(spec, 99)).first).toBe(true); // after the start: a late joiner
    expect((await queue.join(spec, 98)).first).toBe(true);
    expect(await queue.draw(spec)).toBe(true);
    expect(await queue.draw(spec)).toBe(true); // a second draw (another instance) changes nothing
    const order = drawOrder(spec.seed, early);
    for (const [index, userId] of order.entries()) {
      expect((await queue.standing(spec, userId))?.place).toBe(index + 1);
    }
    expect((await queue.standing(spec, 99))?.place).toBe(7);
    expect((await queue.standing(spec, 98))?.place).toBe(8);
    expect(await queue.standing(spec, 50)).toBeNull();
  });

  it('admits activeShoppers at once, the next place when one is released or expires, none once sold out', async () => {
    const spec = line({ admissionMinutes: 0.01 }); // 600 ms admissions
    const queue = store();
    for (const userId of [1, 2, 3, 4, 5, 6]) await queue.join(spec, userId);
    await untilStart(spec);
    expect(await queue.advance(spec, { soldOut: false })).toBeNull(); // not drawn yet
    await queue.draw(spec);
    const order = drawOrder(spec.seed, [1, 2, 3, 4, 5, 6]);
    const first = (await queue.advance(spec, { soldOut: false }))!;
    expect(first).toMatchObject({ front: 2, total: 6 });
    expect(first.admittedNow.map((entry) => entry.userId)).toEqual(order.slice(0, 2));
    expect([...first.active.keys()].sort()).toEqual(order.slice(0, 2).sort());
    expect(await queue.admittedUntil(spec, order[0]!)).toBeGreaterThan(Date.now());
    expect(await queue.admittedUntil(spec, order[2]!)).toBeNull();
    // Nothing freed: a second reading admits nobody.
    expect((await queue.advance(spec, { soldOut: false }))!.admittedNow).toEqual([]);
    // The first holder places their order: the third place is admitted at once.
    const released = (await queue.advance(spec, { soldOut: false, release: order[0] }))!;
    expect(released.admittedNow.map((entry) => entry.userId)).toEqual([order[2]]);
    expect(released.front).toBe(3);
    expect(await queue.admittedUntil(spec, order[0]!)).toBeNull();
    // Both admissions expire: the next two are admitted.
    await new Promise((resolve) => setTimeout(resolve, 700));
    const expired = (await queue.advance(spec, { soldOut: false }))!;
    expect(expired.admittedNow.map((entry) => entry.userId)).toEqual(order.slice(3, 5));
    // Sold out: those expire too, and nobody else is admitted.
    await new Promise((resolve) => setTimeout(resolve, 700));
    const soldOut = (await queue.advance(spec, { soldOut: true }))!;
    expect(soldOut).toMatchObject({ front: 5, admittedNow: [] });
    expect(soldOut.active.size).toBe(0);
  });

  it('expires every key of the line an hour after the sale ends', async () => {
    const spec = line({ endsAt: Date.now() + 60_000 });
    const queue = store();
    await queue.join(spec, 1);
    const keys = queueKeys().line(spec.saleId);
    const ttl = await getSessionRedis().pttl(keys.joined);
    expect(ttl).toBeGreaterThan(3600_000);
    expect(ttl).toBeLessThanOrEqual(3660_000);
  });
});
