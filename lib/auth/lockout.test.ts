import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { POST as login } from '@/app/api/auth/login/route';
import { getSql } from '@/lib/db/client';
import { TestBrowser } from '@/tooling/vitest/session';
import { knownDevice } from './device';
import { hashPassword } from './password';

// The owner is never locked out by a stranger's guesses: a browser that signed in to an account before is
// limited on its own counter, apart from strangers' guesses from other addresses or from its own. The
// limits on strangers stay (lib/auth/hardening.test.ts, lib/auth/auth.test.ts). Real Redis and PostgreSQL.

const password = 'a long enough password';

async function newAccount() {
  const email = `lockout-${randomBytes(5).toString('hex')}@example.test`;
  const hash = await hashPassword(password);
  await getSql()`insert into users (email, name, password_hash) values (${email}, 'Owner', ${hash})`;
  return email;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const logInAs = async (browser: TestBrowser, email: string, secret = password) =>
  (await browser.call(login, 'POST', '/api/auth/login', { body: { email, password: secret } })).status;

describe('the owner during a stranger’s burst of guesses', () => {
  it('logs the owner in from their own browser while strangers guess from other addresses', async () => {
    const email = await newAccount();
    const owner = new TestBrowser();
    expect(await logInAs(owner, email)).toBe(200); // an earlier visit

    // The stranger: fresh addresses, each guessing until its limits refuse it, three at a time, so that one
    // guess is nearly always being checked.
    const guesses: number[] = [];
    let stop = false;
    const stranger = async () => {
      while (!stop) {
        const from = new TestBrowser();
        for (let guess = 0; guess < 6 && !stop; guess += 1) {
          guesses.push(await logInAs(from, email, 'wrong'));
          await pause(10);
        }
      }
    };
    const burst = Promise.all([stranger(), stranger(), stranger()]);
    try {
      await pause(200);
      for (let visit = 0; visit < 2; visit += 1) expect(await logInAs(owner, email)).toBe(200);
    } finally {
      stop = true;
      await burst;
    }
    // The strangers were limited all along: refused (429) as often as checked, and never let in. On a
    // loaded machine a guess may also be shed before its check (503, "many people are signing in").
    expect(guesses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(guesses.filter((status) => ![401, 429, 503].includes(status))).toEqual([]);
  }, 30_000);

  it('logs the owner in from an address a stranger there used up; a browser new to the account stays refused', async () => {
    const email = await newAccount();
    const owner = new TestBrowser();
    expect(await logInAs(owner, email)).toBe(200);
    // A stranger behind the same carrier or office address.
    const neighbour = new TestBrowser(owner.ip);
    for (let guess = 0; guess < 5; guess += 1) expect(await logInAs(neighbour, email, 'wrong')).toBe(401);
    expect(await logInAs(neighbour, email, 'wrong')).toBe(429);

    expect(await logInAs(owner, email)).toBe(200);
    // The right password from a browser that never signed in there is still refused: the pair's limit holds.
    expect(await logInAs(new TestBrowser(owner.ip), email)).toBe(429);
  });

  it('limits a known browser on its own counter: 5 wrong passwords, then 429 for it alone', async () => {
    const email = await newAccount();
    const owner = new TestBrowser();
    expect(await logInAs(owner, email)).toBe(200);
    for (let guess = 0; guess < 5; guess += 1) expect(await logInAs(owner, email, 'typo')).toBe(401);
    expect(await logInAs(owner, email)).toBe(429);
    // Its failures were not the address's: another browser there, new to the account, still gets in.
    expect(await logInAs(new TestBrowser(owner.ip), email)).toBe(200);
  });
});

describe('the device cookie', () => {
  it('names one account, is set at sign-in, and is worthless tampered or for another account', async () => {
    const [mine, other] = [await newAccount(), await newAccount()];
    const browser = new TestBrowser();
    expect(await knownDevice(browser.request(), mine)).toBeNull();
    expect(await logInAs(browser, mine)).toBe(200);
    const options = browser.cookies.options.get('sf_device');
    expect(options).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false });
    expect(options?.maxAge).toBe(90 * 24 * 3600);
    const sealed = browser.cookies.get('sf_device')!.value;
    expect(sealed).not.toContain(mine);
    expect(await knownDevice(browser.request(), mine)).toEqual(expect.any(String));
    expect(await knownDevice(browser.request(), other)).toBeNull();
    // Over HTTPS only the __Host- name counts.
    expect(await knownDevice(browser.request(true), mine)).toBeNull();
    const flipped = sealed.slice(0, 40) + (sealed[40] === 'A' ? 'B' : 'A') + sealed.slice(41);
    for (const value of [flipped, 'garbage', `${sealed}x`, 'Fe26.2**x*y']) {
      const forged = new TestBrowser();
      forged.cookies.set('sf_device', value);
      expect(await knownDevice(forged.request(), mine), value).toBeNull();
    }
  });
});
