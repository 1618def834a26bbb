import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { GET as adminStats } from '@/app/api/admin/stats/route';
import { POST as login } from '@/app/api/auth/login/route';
import { GET as me } from '@/app/api/auth/me/route';
import { POST as register } from '@/app/api/auth/register/route';
import { RequestError } from '@/lib/errors';
import { TestBrowser } from '@/tooling/vitest/session';
import { createOrPromoteAdmin } from './create-admin';
import { findUserByEmail } from './users';

// createOrPromoteAdmin (what `npm run admin:create` runs; scripts/admin-create.test.ts drives the command
// itself) on the run's PostgreSQL and Redis, through the routes a browser would use.

const PASSWORD = 'the shopper’s own password';
const newEmail = () => `admin-create-${randomBytes(5).toString('hex')}@example.test`;
const noPrompt = () => vi.fn(async (): Promise<string> => expect.fail('asked for a password'));

async function shopper(email = newEmail()) {
  const browser = new TestBrowser();
  const answer = await browser.call(register, 'POST', '/api/auth/register', {
    body: { name: 'Soon An Admin', email, password: PASSWORD },
  });
  expect(answer.status).toBe(201);
  return { browser, email };
}

const logIn = (email: string, password: string) =>
  new TestBrowser().call(login, 'POST', '/api/auth/login', { body: { email, password } });

/** The admin API's answer to `browser`, once the role it has in PostgreSQL has reached the check (≤ 2 s). */
async function adminApiStatus(browser: TestBrowser, want: number): Promise<number> {
  const deadline = Date.now() + 5000;
  let status = 0;
  while (Date.now() < deadline) {
    status = (await browser.call(adminStats, 'GET', '/api/admin/stats')).status;
    if (status === want) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return status;
}

describe('createOrPromoteAdmin', () => {
  it('promotes a shopper, who keeps name, password and sessions, and whose session gets the admin API', async () => {
    const { browser, email } = await shopper();
    expect((await browser.call(adminStats, 'GET', '/api/admin/stats')).status).toBe(403);
    const ask = noPrompt();

    const outcome = await createOrPromoteAdmin({ email, name: 'Another Name' }, { ask });
    expect(outcome).toMatchObject({ kind: 'promoted', passwordReplaced: false, disabled: false });
    expect(ask).not.toHaveBeenCalled();
    expect(await findUserByEmail(email)).toMatchObject({ name: 'Soon An Admin', role: 'admin' });
    expect(await adminApiStatus(browser, 200)).toBe(200);
    expect((await logIn(email, PASSWORD)).json).toMatchObject({ user: { email, role: 'admin' } });

    const again = await createOrPromoteAdmin({ email, name: 'Soon An Admin' }, { ask });
    expect(again).toMatchObject({ kind: 'already-admin', passwordReplaced: false });
  });

  it('replaces an existing account’s password only when one is given, and ends its sessions', async () => {
    const { browser, email } = await shopper();
    const replacement = 'the operator’s new password';
    const outcome = await createOrPromoteAdmin(
      { email, name: 'Soon An Admin' },
      { given: replacement, ask: noPrompt() },
    );
    expect(outcome).toMatchObject({ kind: 'promoted', passwordReplaced: true });
    expect((await browser.call(me, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await logIn(email, PASSWORD)).status).toBe(401);
    expect((await logIn(email, replacement)).status).toBe(200);
  });

  it('creates an admin with the password asked for when none is given', async () => {
    const email = newEmail();
    const ask = vi.fn(async () => 'typed at the prompt');
    const outcome = await createOrPromoteAdmin(
      { email: ` ${email.toUpperCase()} `, name: ' First Admin ' },
      { ask },
    );
    expect(outcome).toEqual({
      kind: 'created',
      user: { id: expect.any(Number), email, name: 'First Admin', role: 'admin' },
    });
    expect(ask).toHaveBeenCalledOnce();
    expect((await logIn(email, 'typed at the prompt')).json).toMatchObject({ user: { role: 'admin' } });
  });

  it.each([
    [{ email: 'not an address', name: 'A' }, undefined, /^email: /],
    [{ email: newEmail(), name: '' }, undefined, /^name: Enter your name/],
    [{ email: newEmail(), name: 'A' }, 'short', /^password: Use at least 8 characters/],
    [{ email: newEmail(), name: 'A' }, 'x'.repeat(257), /^password: Use at most 256 characters/],
  ])('refuses what registration refuses (%j, %j), writing nothing', async (input, given, message) => {
    const ask = vi.fn(async () => given ?? 'a long enough password');
    const refusal = await createOrPromoteAdmin(input, { given, ask }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RequestError);
    expect((refusal as RequestError).message).toMatch(message);
    if (input.email.includes('@')) expect(await findUserByEmail(input.email)).toBeNull();
  });

  it('refuses a password asked for that registration would refuse', async () => {
    const email = newEmail();
    const refusal = createOrPromoteAdmin({ email, name: 'A' }, { ask: async () => 'short' });
    await expect(refusal).rejects.toThrow(/^password: Use at least 8 characters/);
    expect(await findUserByEmail(email)).toBeNull();
  });
});
