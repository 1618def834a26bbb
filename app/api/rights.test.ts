import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '@/lib/auth/password';
import { getSql } from '@/lib/db/client';
import { getSessionRedis } from '@/lib/redis/client';
import { sessionKeys } from '@/lib/redis/keys';
import { productAt, withOwnCatalog } from '@/tooling/vitest/admin';
import { addToCart, checkoutWith, newKey, orderCount } from '@/tooling/vitest/orders';
import { TestBrowser } from '@/tooling/vitest/session';
import { POST as login } from './auth/login/route';
import { GET as me } from './auth/me/route';
import { GET as getCart } from './cart/route';
import { GET as getOrder } from './orders/[id]/route';
import { GET as viewer } from './viewer/route';

// Rights come from PostgreSQL, not from the session's copy of them: a change made in the database (a
// demotion, a disabled account) holds on every route within the rights lookup's 2 s (lib/auth/rights.ts),
// and a disabled account's session ends at its next request. Each test waits that TTL out once (2.1 s).

withOwnCatalog('rights');

const password = 'a long enough password';
const RIGHTS_TTL_WAIT_MS = 2100;

async function newAccount(role: 'shopper' | 'admin') {
  const email = `rights-${randomBytes(5).toString('hex')}@example.test`;
  const [row] = await getSql()<{ id: number }[]>`
    insert into users (email, name, password_hash, role)
    values (${email}, 'Rights Case', ${await hashPassword(password)}, ${role})
    returning id`;
  return { email, id: row!.id };
}

async function signedInAs(email: string): Promise<TestBrowser> {
  const browser = new TestBrowser();
  const answer = await browser.call(login, 'POST', '/api/auth/login', { body: { email, password } });
  expect(answer.status).toBe(200);
  return browser;
}

const sessionsOf = (userId: number) => getSessionRedis().zcard(sessionKeys().userSessions(userId));
const waitOutTheLookup = () => new Promise((resolve) => setTimeout(resolve, RIGHTS_TTL_WAIT_MS));

let productId = 0;
beforeAll(async () => {
  productId = (await productAt(3)).id;
});

describe('rights from the truth', () => {
  it("an admin demoted in PostgreSQL no longer reads another shopper's order (404)", async () => {
    const shopper = await newAccount('shopper');
    const buyer = await signedInAs(shopper.email);
    expect((await addToCart(buyer, productId, 1)).status).toBe(200);
    const placed = await checkoutWith(buyer, newKey());
    expect(placed.status).toBe(201);
    const orderId = String((placed.json as { orderId: number }).orderId);
    const readAs = (browser: TestBrowser) =>
      browser.call(getOrder, 'GET', `/api/orders/${orderId}`, { params: { id: orderId } });

    const admin = await newAccount('admin');
    const adminBrowser = await signedInAs(admin.email);
    expect((await readAs(adminBrowser)).status).toBe(200);

    await getSql()`update users set role = 'shopper' where id = ${admin.id}`;
    await waitOutTheLookup();
    expect((await readAs(adminBrowser)).status).toBe(404);
    // Still signed in (a shopper now), and the owner still reads it.
    expect((await adminBrowser.call(me, 'GET', '/api/auth/me')).json).toMatchObject({
      user: { role: 'shopper' },
    });
    expect((await readAs(buyer)).status).toBe(200);
  });

  it('an account disabled in PostgreSQL is signed out at its next request: 401, its session gone', async () => {
    const { email, id } = await newAccount('shopper');
    // Four browsers signed in, each to make one request after the account is disabled.
    const [asksWhoAmI, addsToCart, checksOut, readsHeader] = [
      await signedInAs(email),
      await signedInAs(email),
      await signedInAs(email),
      await signedInAs(email),
    ];
    expect((await addToCart(checksOut, productId, 1)).status).toBe(200);
    expect(await sessionsOf(id)).toBe(4);
    const ordersBefore = await orderCount(id);

    await getSql()`update users set disabled_at = now() where id = ${id}`;
    await waitOutTheLookup();

    expect((await asksWhoAmI.call(me, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await addToCart(addsToCart, productId, 1)).status).toBe(401);
    expect((await checkoutWith(checksOut, newKey())).status).toBe(401);
    // The header's question "who is looking" answers a guest (200) and ends the session all the same.
    expect((await readsHeader.call(viewer, 'GET', '/api/viewer')).json).toEqual({ user: null, cartCount: 0 });
    expect(await sessionsOf(id)).toBe(0);
    expect(await orderCount(id)).toBe(ordersBefore);
    // Signed out now: the same browsers are visitors (their cookies name no session).
    expect((await asksWhoAmI.call(me, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await checkoutWith(checksOut, newKey())).status).toBe(401);
    expect(await orderCount(id)).toBe(ordersBefore);
    expect((await checksOut.call(getCart, 'GET', '/api/cart')).json).toMatchObject({ count: 0 });
  });
});
