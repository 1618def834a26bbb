import { describe, expect, it } from 'vitest';
import { hashPassword, legacyScryptHash, needsRehash, verifyAgainstDummy, verifyPassword } from './password';

describe('password hashing', () => {
  it('verifies the password it hashed, with Argon2id at the OWASP parameters', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
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
    const [, , , , salt, hash] = good.split('$');
    const scrypt = await legacyScryptHash('pw');
    const [, , , , scryptSalt, scryptKey] = scrypt.split('$');
    const malformed = [
      '',
      'plaintext',
      'bcrypt$2b$10$abc',
      `$argon2id$v=19$m=19456,t=2,p=1$${salt}`,
      `$argon2id$v=19$m=19456,t=2,p=1$${salt}$`,
      `$argon2id$v=19$m=${2 ** 30},t=2,p=1$${salt}$${hash}`, // would need a terabyte
      `$argon2id$v=19$m=19456,t=1000,p=1$${salt}$${hash}`,
      `$argon2i$v=19$m=19456,t=2,p=1$${salt}$${hash}`,
      `scrypt$16384$8$5$${scryptSalt}`,
      `scrypt$notanumber$8$5$${scryptSalt}$${scryptKey}`,
      `scrypt$1000$8$5$${scryptSalt}$${scryptKey}`, // N not a power of two
      `scrypt$${2 ** 30}$8$5$${scryptSalt}$${scryptKey}`, // would need gigabytes
      `scrypt$16384$8$5$$${scryptKey}`,
      `scrypt$16384$0$5$${scryptSalt}$${scryptKey}`,
    ];
    for (const stored of malformed) {
      await expect(verifyPassword('pw', stored)).resolves.toBe(false);
      expect(needsRehash(stored)).toBe(true);
    }
  });

  it('verifies the scrypt hashes stored before Argon2id, and flags them for re-hashing', async () => {
    const stored = await legacyScryptHash('old');
    expect(stored).toMatch(/^scrypt\$16384\$8\$5\$/);
    expect(await verifyPassword('old', stored)).toBe(true);
    expect(await verifyPassword('older', stored)).toBe(false);
    expect(needsRehash(stored)).toBe(true);
  });

  it('flags Argon2id hashes made with other parameters for re-hashing', async () => {
    const { hash } = await import('@node-rs/argon2');
    // Argon2id is the library's default algorithm.
    const weaker = await hash('pw', { memoryCost: 8192, timeCost: 1 });
    expect(weaker).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword('pw', weaker)).toBe(true);
    expect(needsRehash(weaker)).toBe(true);
  });

  it('spends a verification on unknown accounts and answers false', async () => {
    expect(await verifyAgainstDummy('dummy password that matches no account')).toBe(false);
  });
});
