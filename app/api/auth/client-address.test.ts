import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TestBrowser } from '@/tooling/vitest/session';
import { POST as login } from './login/route';
import { POST as register } from './register/route';

// The login limit against a client that reaches an instance directly (TRUSTED_PROXY_HOPS=0, the default)
// and writes a new X-Forwarded-For on every request. TestBrowser's address is its socket's, as the
// instance stamps it: `next start` itself would pass the header through untouched.

describe('the client address', () => {
  it('limits 40 wrong logins that each claim a new X-Forwarded-For', async () => {
    const email = `hops-${randomBytes(5).toString('hex')}@example.test`;
    const owner = new TestBrowser();
    const signUp = await owner.call(register, 'POST', '/api/auth/register', {
      body: { name: 'Hops', email, password: 'a long enough password' },
    });
    expect(signUp.status).toBe(201);

    const attacker = new TestBrowser();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const answer = await attacker.call(login, 'POST', '/api/auth/login', {
        body: { email, password: `wrong ${attempt}` },
        headers: { 'x-forwarded-for': `203.0.${attempt}.${randomBytes(1)[0]}` },
      });
      statuses.push(answer.status);
    }
    // 5 failures per e-mail and address, then 429 for the rest, whatever the header said.
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.slice(5).every((status) => status === 429)).toBe(true);
  });
});
