import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TestBrowser } from '@/tooling/vitest/session';
import { POST as postCartItem } from '../cart/items/route';
import { GET as getCart } from '../cart/route';
import { POST as login } from './login/route';
import { POST as logoutAll } from './logout-all/route';
import { POST as logout } from './logout/route';
import { GET as me } from './me/route';
import { POST as register } from './register/route';
import { productWithStock } from '@/tooling/vitest/cart';

// The auth JSON routes as Next.js calls them, on real Redis and PostgreSQL.

const password = 'a long enough password';
const newEmail = () => `api-${randomBytes(5).toString('hex')}@example.test`;

async function signUp(browser = new TestBrowser(), email = newEmail()) {
  const answer = await browser.call(register, 'POST', '/api/auth/register', {
    body: { name: 'Api Shopper', email: `  ${email.toUpperCase()} `, password },
  });
  return { browser, email, answer };
}

describe('auth JSON routes', () => {
  it('registers (201, signed in), answers /me, and sets a locked-down cookie', async () => {
    const { browser, email, answer } = await signUp();
    expect(answer.status).toBe(201);
    expect(answer.json).toEqual({
      user: { id: expect.any(Number), email, name: 'Api Shopper', role: 'shopper' },
    });
    expect(answer.headers.get('cache-control')).toBe('private, no-store');
    expect(browser.cookies.options.get('sf_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: false,
    });
    const whoAmI = await browser.call(me, 'GET', '/api/auth/me');
    expect(whoAmI).toMatchObject({ status: 200, json: answer.json });
    expect(whoAmI.headers.get('cache-control')).toBe('private, no-store');
  });

  it('marks the cookie Secure when the request came over HTTPS through the proxy', async () => {
    const browser = new TestBrowser();
    await browser.call(register, 'POST', '/api/auth/register', {
      body: { name: 'Tls', email: newEmail(), password },
      headers: { 'x-forwarded-proto': 'https', origin: 'https://shop.test' },
    });
    expect(browser.cookies.options.get('__Host-sf_session')).toMatchObject({ secure: true, httpOnly: true });
  });

  it('refuses a duplicate e-mail (409), bad fields (400 with fields), a cross-site form (403)', async () => {
    const { email } = await signUp();
    const other = new TestBrowser();
    const duplicate = await other.call(register, 'POST', '/api/auth/register', {
      body: { name: 'X', email, password },
    });
    expect(duplicate).toMatchObject({ status: 409, json: { error: expect.any(String) } });
    expect(JSON.stringify(duplicate.json)).not.toMatch(/exists|registered|taken/i);
    const bad = await other.call(register, 'POST', '/api/auth/register', {
      body: { name: '', email: 'nope', password: 'short' },
    });
    expect(bad).toMatchObject({
      status: 400,
      json: { fields: { name: expect.any(String), email: expect.any(String), password: expect.any(String) } },
    });
    const crossSite = await other.call(register, 'POST', '/api/auth/register', {
      body: { name: 'X', email: newEmail(), password },
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect(other.cookies.header()).toBe('');
  });

  it('logs in with a new cookie (the old one dead), logs out (204), and /me says 401 after', async () => {
    const { email } = await signUp();
    const browser = new TestBrowser();
    const product = await productWithStock(10, 10_000, 11);
    await browser.call(postCartItem, 'POST', '/api/cart/items', {
      body: { productId: product.id, quantity: 1 },
    });
    const guestCookie = browser.cookies.header();
    const answer = await browser.call(login, 'POST', '/api/auth/login', { body: { email, password } });
    expect(answer).toMatchObject({ status: 200, json: { user: { email } } });
    expect(browser.cookies.header()).not.toBe(guestCookie);
    expect((await browser.call(getCart, 'GET', '/api/cart')).json).toMatchObject({ count: 1 });
    const signedInCookie = browser.cookies.get('sf_session')!.value;

    expect((await browser.call(logout, 'POST', '/api/auth/logout')).status).toBe(204);
    // The session cookie is gone; only the device cookie (lib/auth/device.ts) outlives a logout.
    expect(browser.cookies.header()).toMatch(/^sf_device=[^;]+$/);
    expect((await browser.call(me, 'GET', '/api/auth/me')).status).toBe(401);
    // Replaying the cookie from before logout: signed out, not an error.
    const replay = new TestBrowser();
    replay.cookies.set('sf_session', signedInCookie);
    expect((await replay.call(me, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('treats a tampered or garbage cookie as signed out, never as an error', async () => {
    const { browser } = await signUp();
    const sealed = browser.cookies.get('sf_session')!.value;
    const flipped = sealed.slice(0, 40) + (sealed[40] === 'A' ? 'B' : 'A') + sealed.slice(41);
    for (const value of [flipped, 'garbage', `${sealed}x`, 'Fe26.2**x*y']) {
      const visitor = new TestBrowser();
      visitor.cookies.set('sf_session', value);
      expect((await visitor.call(me, 'GET', '/api/auth/me')).status, value).toBe(401);
      expect((await visitor.call(getCart, 'GET', '/api/cart')).json).toEqual({
        items: [],
        count: 0,
        subtotalCents: 0,
      });
    }
  });

  it('answers 401 with one message for a wrong password, then 429 with Retry-After', async () => {
    const { email } = await signUp();
    const attacker = new TestBrowser();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const answer = await attacker.call(login, 'POST', '/api/auth/login', {
        body: { email, password: 'nope' },
      });
      expect(answer).toMatchObject({ status: 401, json: { error: 'Incorrect e-mail or password.' } });
    }
    const blocked = await attacker.call(login, 'POST', '/api/auth/login', { body: { email, password } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.json).toEqual({ error: expect.any(String) });
    expect(attacker.cookies.header()).toBe('');
  });

  it('logs out everywhere (204): another browser of the user is signed out; 401 when signed out', async () => {
    const { browser, email } = await signUp();
    const phone = new TestBrowser();
    await phone.call(login, 'POST', '/api/auth/login', { body: { email, password } });
    expect((await browser.call(logoutAll, 'POST', '/api/auth/logout-all')).status).toBe(204);
    expect((await phone.call(me, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await browser.call(logoutAll, 'POST', '/api/auth/logout-all')).status).toBe(401);
  });
});
