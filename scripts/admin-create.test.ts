import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GET as adminStats } from '@/app/api/admin/stats/route';
import { POST as login } from '@/app/api/auth/login/route';
import { findUserByEmail } from '@/lib/auth/users';
import { TestBrowser } from '@/tooling/vitest/session';

// `npm run admin:create` as an operator runs it, on the run's database (lib/auth/create-admin.test.ts
// covers promotion and the password rules): from ADMIN_PASSWORD, and its refusal where there is no
// password to be had, since there is no default.

const newEmail = () => `first-admin-${randomBytes(5).toString('hex')}@example.test`;

/** This process's environment without ADMIN_PASSWORD: each test gives the command its own, or none. */
function environment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.ADMIN_PASSWORD;
  return env;
}

/** The command with its stdin a pipe, as under CI or a script: never a terminal to prompt on. */
function adminCreate(args: string[], env: Record<string, string> = {}) {
  const child = spawn('npm', ['run', '--silent', 'admin:create', '--', ...args], {
    env: { ...environment(), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (status) => resolve({ status, stdout, stderr })),
  );
}

describe('npm run admin:create', () => {
  it('refuses, creating nothing, with neither ADMIN_PASSWORD nor a terminal', async () => {
    const email = newEmail();
    const run = await adminCreate(['--email', email, '--name', 'First Admin']);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^admin:create: no password: set ADMIN_PASSWORD, or run this on a terminal/),
    ]);
    expect(await findUserByEmail(email)).toBeNull();
  });

  it('creates an admin from ADMIN_PASSWORD, who signs in and uses the admin API', async () => {
    const email = newEmail();
    const password = `pw-${randomBytes(9).toString('base64url')}`;
    const run = await adminCreate(['--email', email, '--name', 'First Admin'], { ADMIN_PASSWORD: password });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Created the admin ${email} \\(user \\d+\\)\\.\\n$`));

    const admin = new TestBrowser();
    const signIn = await admin.call(login, 'POST', '/api/auth/login', { body: { email, password } });
    expect(signIn).toMatchObject({
      status: 200,
      json: { user: { email, name: 'First Admin', role: 'admin' } },
    });
    expect((await admin.call(adminStats, 'GET', '/api/admin/stats')).status).toBe(200);
  });

  it('asks on a terminal, twice and without echo, when ADMIN_PASSWORD is unset', async () => {
    const email = newEmail();
    const typed = `typed-${randomBytes(6).toString('hex')}`;
    // util-linux's script(1) runs the command on a pseudo-terminal fed from this pipe.
    const command = `npm run --silent admin:create -- --email ${email} --name 'Terminal Admin'`;
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: environment(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    child.stdout.on('data', (chunk) => (screen += chunk));
    /** Resolves once the terminal shows `text`. */
    const shown = (text: string) =>
      new Promise<void>((resolve) => {
        const look = () => {
          if (!screen.includes(text)) return;
          child.stdout.off('data', look);
          resolve();
        };
        child.stdout.on('data', look);
        look();
      });
    const closed = new Promise((resolve) => child.on('close', resolve));
    await shown('Password for the new admin: ');
    child.stdin.write(`${typed}\r`);
    await shown('The same again: ');
    child.stdin.write(`${typed}\r`);
    expect(await closed).toBe(0);
    expect(screen).toContain(`Created the admin ${email}`);
    expect(screen).not.toContain(typed);
    const signIn = await new TestBrowser().call(login, 'POST', '/api/auth/login', {
      body: { email, password: typed },
    });
    expect(signIn).toMatchObject({ status: 200, json: { user: { role: 'admin' } } });
  });

  it('shows its usage without --email or --name', async () => {
    const run = await adminCreate(['--email', newEmail()], { ADMIN_PASSWORD: 'a long enough password' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--email and --name are required\nusage: /);
  });
});
