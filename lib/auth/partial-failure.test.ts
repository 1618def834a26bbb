import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GET as getCart } from '@/app/api/cart/route';
import { POST as postItem } from '@/app/api/cart/items/route';
import { POST as register } from '@/app/api/auth/register/route';
import { getSql } from '@/lib/db/client';
import { getRedis } from '@/lib/redis/client';
import { sessionKeys } from '@/lib/redis/keys';
import { productWithStock } from '@/tooling/vitest/cart';
import { withOwnCatalog } from '@/tooling/vitest/own-catalog';
import { TestBrowser } from '@/tooling/vitest/session';

// Registration failing half-way through its Redis work must not lose the guest's cart. The fault is real:
// the new user's session-list key already holds a value of the wrong type, so creating the session fails
// (WRONGTYPE), as a Redis that dies between two commands would. A database of the file's own makes the
// new user's id predictable.

withOwnCatalog('partial_failure');

describe('a registration that fails half-way', () => {
  it("keeps the guest's cart and creates no account", async () => {
    const guest = new TestBrowser();
    const product = await productWithStock(5, 10_000);
    expect(
      (
        await guest.call(postItem, 'POST', '/api/cart/items', {
          body: { productId: product.id, quantity: 2 },
        })
      ).status,
    ).toBe(200);
    const [next] = await getSql()<{ id: number }[]>`
      select case when is_called then last_value + 1 else last_value end::int as id from users_id_seq`;
    const redis = getRedis();
    const poisoned = sessionKeys().userSessions(next!.id);
    await redis.set(poisoned, 'not a sorted set', 'EX', 60);
    try {
      const email = `half-${randomBytes(5).toString('hex')}@example.test`;
      const answer = await guest.call(register, 'POST', '/api/auth/register', {
        body: { name: 'Half Way', email, password: 'a long enough password' },
      });
      expect(answer.status).toBeGreaterThanOrEqual(500);
      expect(answer.headers.get('set-cookie')).toBeNull();
      const [account] = await getSql()`select id from users where email = ${email}`;
      expect(account).toBeUndefined();
      const cart = (await guest.call(getCart, 'GET', '/api/cart')).json as { count: number };
      expect(cart.count).toBe(2);
    } finally {
      await redis.del(poisoned);
    }
  });
});
