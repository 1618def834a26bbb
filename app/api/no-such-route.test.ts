import { describe, expect, it } from 'vitest';
import { DEMO_ADMIN, DEMO_SHOPPER, signedIn } from '@/tooling/vitest/admin';
import { TestBrowser } from '@/tooling/vitest/session';
import * as adminUnknown from './admin/[...path]/route';
import * as cancelOrder from './admin/orders/[id]/cancel/route';
import * as adminProduct from './admin/products/[id]/route';
import * as adminProducts from './admin/products/route';
import * as adminStats from './admin/stats/route';
import * as unknown from './[...path]/route';
import * as login from './auth/login/route';
import * as cartItem from './cart/items/[productId]/route';
import * as cart from './cart/route';
import * as checkout from './checkout/route';
import * as products from './products/route';

// An /api address no route serves answers like the rest of the JSON API: `{error}` with a 404, and under
// /api/admin only once the caller has passed the admin check every admin route makes.

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

describe('an /api address no route serves', () => {
  it.each(METHODS)('%s answers a JSON 404 {error}', async (method) => {
    const answer = await new TestBrowser().call(unknown[method], method, '/api/no-such-thing', {
      ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }),
    });
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.json).toEqual({ error: expect.any(String) });
  });

  it('under /api/admin: 401 signed out, 403 as a shopper, 404 for an admin', async () => {
    const call = (browser: TestBrowser) => browser.call(adminUnknown.GET, 'GET', '/api/admin/no-such-thing');
    const strangers = [await call(new TestBrowser()), await call(await signedIn(DEMO_SHOPPER))];
    expect(strangers.map((answer) => [answer.status, answer.json])).toEqual([
      [401, { error: expect.any(String) }],
      [403, { error: expect.any(String) }],
    ]);
    const admin = await call(await signedIn(DEMO_ADMIN));
    expect(admin.status).toBe(404);
    expect(admin.json).toEqual({ error: expect.any(String) });
  });

  it('refuses a foreign Origin with 403 before anything else', async () => {
    const answer = await new TestBrowser().call(unknown.POST, 'POST', '/api/no-such-thing', {
      body: {},
      headers: { origin: 'https://elsewhere.example' },
    });
    expect(answer.status).toBe(403);
  });

  it('a method an admin route does not serve: 401 signed out, 403 as a shopper, 405 {error} for an admin', async () => {
    const calls = [
      ['GET', '/api/admin/products', adminProducts.GET],
      ['PUT', '/api/admin/products/1', adminProduct.PUT],
      ['GET', '/api/admin/orders/1/cancel', cancelOrder.GET],
      ['DELETE', '/api/admin/stats', adminStats.DELETE],
    ] as const;
    const [shopper, admin] = [await signedIn(DEMO_SHOPPER), await signedIn(DEMO_ADMIN)];
    for (const [method, path, handler] of calls) {
      const answers = [];
      for (const browser of [new TestBrowser(), shopper, admin]) {
        const answer = await browser.call(handler, method, path, method === 'PUT' ? { body: {} } : {});
        answers.push([answer.status, answer.json]);
      }
      expect(answers, `${method} ${path}`).toEqual([
        [401, { error: expect.any(String) }],
        [403, { error: expect.any(String) }],
        [405, { error: expect.any(String) }],
      ]);
    }
  });

  it('a method any other route does not serve: 405 {error}, after its sign-in check', async () => {
    const calls = [
      ['DELETE', '/api/products', products.DELETE, 405],
      ['GET', '/api/auth/login', login.GET, 405],
      ['POST', '/api/cart', cart.POST, 405],
      ['PATCH', '/api/cart/items/1', cartItem.PATCH, 405],
      ['GET', '/api/checkout', checkout.GET, 401],
    ] as const;
    for (const [method, path, handler, status] of calls) {
      const answer = await new TestBrowser().call(
        handler,
        method,
        path,
        method === 'GET' ? {} : { body: {} },
      );
      expect([answer.status, answer.json], `${method} ${path}`).toEqual([
        status,
        { error: expect.any(String) },
      ]);
    }
    const shopper = await signedIn(DEMO_SHOPPER);
    const signedInAnswer = await shopper.call(checkout.GET, 'GET', '/api/checkout');
    expect([signedInAnswer.status, signedInAnswer.json]).toEqual([405, { error: expect.any(String) }]);
  });
});
