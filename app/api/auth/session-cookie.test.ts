import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TestBrowser } from '@/tooling/vitest/session';
import { POST as logout } from './logout/route';
import { GET as me } from './me/route';
import { POST as register } from './register/route';

// The session cookie's name follows the scheme: `__Host-sf_session` (Secure) over HTTPS, as nginx reports
// it in X-Forwarded-Proto; the plain `sf_session` only over plain http, where a browser would refuse it.

const https = { 'x-forwarded-proto': 'https', origin: 'https://shop.test' };

async function signUpOverHttps(browser = new TestBrowser()) {
  const answer = await browser.call(register, 'POST', '/api/auth/register', {
    body: {
      name: 'Tls',
      email: `tls-${randomBytes(5).toString('hex')}@example.test`,
      password: 'long enough',
    },
    headers: https,
  });
  expect(answer.status).toBe(201);
  return browser;
}

describe('the session cookie', () => {
  it('is __Host- prefixed and Secure over HTTPS, with Path=/ and no Domain', async () => {
    const browser = await signUpOverHttps();
    expect(browser.cookies.get('sf_session')).toBeUndefined();
    const options = browser.cookies.options.get('__Host-sf_session');
    expect(options).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(options?.domain).toBeUndefined();
    const whoAmI = await browser.call(me, 'GET', '/api/auth/me', { headers: https });
    expect(whoAmI.status).toBe(200);

    expect((await browser.call(logout, 'POST', '/api/auth/logout', { headers: https })).status).toBe(204);
    expect(browser.cookies.get('__Host-sf_session')).toBeUndefined();
  });

  it('over HTTPS, never reads the plain name (a cookie planted over http)', async () => {
    const browser = await signUpOverHttps();
    const planted = new TestBrowser();
    planted.cookies.set('sf_session', browser.cookies.get('__Host-sf_session')!.value);
    expect((await planted.call(me, 'GET', '/api/auth/me', { headers: https })).status).toBe(401);
  });

  it('spells its attributes in Set-Cookie as the contract does (HttpOnly; SameSite=Lax; Path=/)', async () => {
    const browser = new TestBrowser();
    const answer = await browser.call(register, 'POST', '/api/auth/register', {
      body: {
        name: 'Spelling',
        email: `spelling-${randomBytes(5).toString('hex')}@example.test`,
        password: 'long enough',
      },
    });
    expect(answer.status).toBe(201);
    // Case-sensitive on purpose: a client matching the contract's `SameSite=Lax` must find it as written.
    const attributes = (answer.headers.get('set-cookie') ?? '').split(/;\s*/).slice(1);
    expect(attributes).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Lax']));
  });

  it('keeps the plain name over http, where a Secure cookie would be dropped', async () => {
    const browser = new TestBrowser();
    await browser.call(register, 'POST', '/api/auth/register', {
      body: {
        name: 'Plain',
        email: `plain-${randomBytes(5).toString('hex')}@example.test`,
        password: 'long enough',
      },
    });
    expect(browser.cookies.options.get('sf_session')).toMatchObject({ secure: false, path: '/' });
    expect(browser.cookies.get('__Host-sf_session')).toBeUndefined();
    expect((await browser.call(me, 'GET', '/api/auth/me')).status).toBe(200);
  });
});
