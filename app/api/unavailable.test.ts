import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { findUserByEmail } from '@/lib/auth/users';
import { productWithStock } from '@/tooling/vitest/cart';
import { freePort } from '@/tooling/ports';
import { writeSessionToken } from '@/lib/session/cookie';
import { newSessionToken } from '@/lib/session/store';
import { DEMO_SHOPPER } from '@/tooling/seed/seed-generate';
import { expect503 } from '@/tooling/vitest/http';
import { TestBrowser } from '@/tooling/vitest/session';
import { POST as login } from './auth/login/route';
import { GET as me } from './auth/me/route';
import { POST as register } from './auth/register/route';
import { POST as postItem } from './cart/items/route';
import { GET as getCart } from './cart/route';

// With Redis unreachable (nothing listens where REDIS_URL points), the personal routes answer 503 with
// the JSON error shape instead of crashing, and a registration leaves no account behind.

beforeAll(async () => {
  // Read lazily by lib/config.ts: nothing in this file's module graph has asked for the config yet.
  process.env.REDIS_URL = `redis://127.0.0.1:${await freePort()}`;
});

describe('personal routes with Redis unreachable', () => {
  it('answers 503 for cart writes and logins, and for reads that carry a session cookie', async () => {
    const browser = new TestBrowser();
    const product = await productWithStock(10, 10_000);
    expect503(
      await browser.call(postItem, 'POST', '/api/cart/items', {
        body: { productId: product.id, quantity: 1 },
      }),
    );
    expect503(
      await browser.call(login, 'POST', '/api/auth/login', {
        body: { email: DEMO_SHOPPER.email, password: DEMO_SHOPPER.password },
      }),
    );
    // Without a cookie there is nothing to look up: signed out and an empty cart, as ever.
    expect((await browser.call(me, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await browser.call(getCart, 'GET', '/api/cart')).status).toBe(200);
    browser.cookies.set('sf_session', `Fe26.2*1*${'a'.repeat(64)}~2`);
    // A cookie that does not unseal is signed out before Redis is asked; a real one needs Redis.
    expect((await browser.call(me, 'GET', '/api/auth/me')).status).toBe(401);
    await writeSessionToken(browser.cookies, newSessionToken(), { secure: false, maxAgeSeconds: 3600 });
    expect503(await browser.call(me, 'GET', '/api/auth/me'));
    expect503(await browser.call(getCart, 'GET', '/api/cart'));
  });

  it('rolls a registration back when its session cannot be stored', async () => {
    const email = `down-${randomBytes(5).toString('hex')}@example.test`;
    const browser = new TestBrowser();
    expect503(
      await browser.call(register, 'POST', '/api/auth/register', {
        body: { name: 'Nobody', email, password: 'long enough password' },
      }),
    );
    expect(await findUserByEmail(email)).toBeNull();
    expect(browser.cookies.header()).toBe('');
  });
});
