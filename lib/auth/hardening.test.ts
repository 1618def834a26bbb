import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GET as getStats } from '@/app/api/admin/stats/route';
import { POST as login } from '@/app/api/auth/login/route';
import { GET as me } from '@/app/api/auth/me/route';
import { POST as register } from '@/app/api/auth/register/route';
import { getSql } from '@/lib/db/client';
import { RequestError } from '@/lib/errors';
import { route } from '@/lib/http/handler';
import { beginSession } from '@/lib/session/current';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { getRedis } from '@/lib/redis/client';
import { sessionKeys } from '@/lib/redis/keys';
import { hashPassword, legacyScryptHash } from './password';
import { DEFAULT_LOGIN_LIMITS } from './rate-limit';
import { disableAccount } from '.';
import { TestBrowser } from '@/tooling/vitest/session';

// Login limits a burst cannot pass, rights read from PostgreSQL, and sessions that never outlive the state
// they were issued from. Real Redis and PostgreSQL; each test has accounts of its own.

const password = 'a long enough password';

async function newAccount(role: 'shopper' | 'admin' = 'shopper') {
  const email = `hard-${randomBytes(5).toString('hex')}@example.test`;
  const hash = await hashPassword(password);
  const [row] = await getSql()<{ id: number }[]>`
    insert into users (email, name, password_hash, role) values (${email}, 'Hard Case', ${hash}, ${role})
    returning id`;
  return { email, id: row!.id };
}

const logInAs = (browser: TestBrowser, email: string, secret = password) =>
  browser.call(login, 'POST', '/api/auth/login', { body: { email, password: secret } });

describe('login limits', () => {
  it('checks at most 5 of 20 concurrent wrong passwords for one e-mail; the rest are 429 (or 503: a rush)', async () => {
    const { email } = await newAccount();
    const attacker = new TestBrowser();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => logInAs(attacker, email, 'not the password')),
    );
    const statuses = answers.map((answer) => answer.status);
    const checked = statuses.filter((status) => status === 401).length;
    expect(checked).toBeLessThanOrEqual(5);
    // Those past the process's sign-ins in progress (lib/auth/password-checks.ts) are a 503 before any check.
    expect(statuses.filter((status) => status === 429 || status === 503).length).toBeGreaterThanOrEqual(15);
    expect(statuses.every((status) => [401, 429, 503].includes(status))).toBe(true);
    // Guesses one at a time: checked only until the pair's 5 attempts are used up (the burst's refusals
    // after an attempt was counted used some), then 429.
    let more = 0;
    let status: number;
    while ((status = (await logInAs(attacker, email, 'not the password')).status) === 401) more += 1;
    expect(status).toBe(429);
    expect(checked + more).toBeLessThanOrEqual(5);
    // The right password is refused too now: the limit holds for the pair, not for wrong guesses only.
    expect((await logInAs(attacker, email)).status).toBe(429);
  });

  it('gives a successful login its attempt back', async () => {
    const { email } = await newAccount();
    const shopper = new TestBrowser();
    for (let attempt = 0; attempt < 8; attempt += 1) expect((await logInAs(shopper, email)).status).toBe(200);
  });

  it('limits registrations per address', async () => {
    const from = new TestBrowser();
    const signUp = () =>
      from.call(register, 'POST', '/api/auth/register', {
        body: { name: 'Many', email: `reg-${randomBytes(5).toString('hex')}@example.test`, password },
      });
    expect((await signUp()).status).toBe(201);
    // The address's earlier registrations, counted as the route counts them (not 49 more password hashes).
    const counter = new RateLimiterRedis({
      storeClient: getRedis(),
      keyPrefix: sessionKeys().loginLimiter('register'),
      points: DEFAULT_LOGIN_LIMITS.registrationsPerIp,
      duration: DEFAULT_LOGIN_LIMITS.registrationWindowSeconds,
    });
    await counter.penalty(from.ip, DEFAULT_LOGIN_LIMITS.registrationsPerIp - 1);
    const refused = await signUp();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(
      (
        await new TestBrowser().call(register, 'POST', '/api/auth/register', {
          body: { name: 'Elsewhere', email: `reg-${randomBytes(5).toString('hex')}@example.test`, password },
        })
      ).status,
    ).toBe(201);
  });
});

describe('rights come from PostgreSQL', () => {
  it("a demotion made in the database takes an admin session's rights within seconds", async () => {
    const { email, id } = await newAccount('admin');
    const admin = new TestBrowser();
    expect((await logInAs(admin, email)).status).toBe(200);
    expect((await admin.call(getStats, 'GET', '/api/admin/stats')).status).toBe(200);
    await getSql()`update users set role = 'shopper' where id = ${id}`;
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await admin.call(getStats, 'GET', '/api/admin/stats')).status).toBe(403);
  });

  it('a disabled account is signed out everywhere at once and cannot log in', async () => {
    const { email, id } = await newAccount('admin');
    const [first, second] = [new TestBrowser(), new TestBrowser()];
    expect((await logInAs(first, email)).status).toBe(200);
    expect((await logInAs(second, email)).status).toBe(200);
    await disableAccount(id);
    expect((await first.call(me, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await second.call(getStats, 'GET', '/api/admin/stats')).status).toBe(401);
    expect((await logInAs(new TestBrowser(), email)).status).toBe(401);
  });

  it('an admin disabled in the database loses the admin routes within seconds', async () => {
    const { email, id } = await newAccount('admin');
    const admin = new TestBrowser();
    expect((await logInAs(admin, email)).status).toBe(200);
    await getSql()`update users set disabled_at = now() where id = ${id}`;
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await admin.call(getStats, 'GET', '/api/admin/stats')).status).toBe(401);
  });

  it('a login racing a password change keeps no session issued from the old state', async () => {
    const { email, id } = await newAccount();
    const newHash = await hashPassword('the new password, changed meanwhile');
    // A password stored with the old scrypt parameters: its check (and upgrade) takes long enough for the
    // change below to commit while it runs, and the upgrade must not overwrite that change.
    await getSql()`update users set password_hash = ${await legacyScryptHash(password)} where id = ${id}`;
    const browser = new TestBrowser();
    // The change commits while the login's password check is still running.
    const [answer] = await Promise.all([
      logInAs(browser, email),
      new Promise((resolve) => setTimeout(resolve, 30)).then(
        () => getSql()`update users set password_hash = ${newHash} where id = ${id}`,
      ),
    ]);
    expect(answer.status).toBe(401);
    expect((await browser.call(me, 'GET', '/api/auth/me')).status).toBe(401);
    const [row] = await getSql()<
      { hash: string }[]
    >`select password_hash as hash from users where id = ${id}`;
    expect(row?.hash).toBe(newHash);
  });
});

describe('an error answer', () => {
  it('never carries a session cookie begun before the error', async () => {
    const failing = route({}, async ({ ctx }) => {
      await beginSession(ctx, null);
      throw new RequestError(409, 'Refused after the session began.');
    });
    const browser = new TestBrowser();
    const answer = await browser.call(failing, 'POST', '/api/anything');
    expect(answer.status).toBe(409);
    expect(answer.headers.get('set-cookie')).toBeNull();
    expect(browser.cookies.header()).toBe('');
  });
});
