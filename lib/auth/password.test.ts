import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './password';

describe('password hashing', () => {
  it('verifies the password it hashed', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$16384\$8\$5\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(needsRehash(stored)).toBe(false);
  });

  it('rejects a wrong password', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(a).not.toBe(b);
  });

  it('answers false, without throwing, for malformed stored strings', async () => {
    const good = await hashPassword('pw');
    const [, , , , salt, key] = good.split('$');
    const malformed = [
      '',
      'plaintext',
      'bcrypt$2b$10$abc',
      `scrypt$16384$8$5$${salt}`,
      `scrypt$notanumber$8$5$${salt}$${key}`,
      `scrypt$1000$8$5$${salt}$${key}`, // N not a power of two
      `scrypt$${2 ** 30}$8$5$${salt}$${key}`, // would need gigabytes
      `scrypt$16384$8$5$$${key}`,
      `scrypt$16384$8$5$${salt}$`,
      `scrypt$16384$0$5$${salt}$${key}`,
    ];
    for (const stored of malformed) {
      await expect(verifyPassword('pw', stored)).resolves.toBe(false);
      expect(needsRehash(stored)).toBe(true);
    }
  });

  it('verifies hashes made with other parameters', async () => {
    // A hash made before a parameter change must still verify (and be flagged for re-hashing).
    const { scryptSync } = await import('node:crypto');
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('old', salt, 32, { N: 2 ** 12, r: 8, p: 1 });
    const stored = `scrypt$4096$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPassword('old', stored)).toBe(true);
    expect(needsRehash(stored)).toBe(true);
  });

  it('spends a verification on unknown accounts and answers false', async () => {
    expect(await verifyAgainstDummy('dummy password that matches no account')).toBe(false);
  });
});
