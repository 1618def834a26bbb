import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify, type Algorithm } from '@node-rs/argon2';

/*
 * Password hashing. Not marked 'server-only' because the seed script uses it too; nothing here may ever be
 * imported by a client component.
 *
 * Argon2id with m = 19 MiB, t = 2, p = 1: the OWASP Password Storage Cheat Sheet's first recommendation
 * (@node-rs/argon2, a prebuilt native module without install scripts). Measured here (docs/capacity.md,
 * "Sign-ins"): about 15 ms of CPU and 19 MiB per hash, against about 190 ms for the scrypt set it replaces
 * (N = 2^14, r = 8, p = 5, also on OWASP's list): a sale's sign-in rush costs the shop's cores a tenth of
 * what it did, at a strength OWASP rates the same.
 *
 * The stored form names its own algorithm and parameters (PHC `$argon2id$v=19$m=…,t=…,p=…$salt$hash`; the
 * old `scrypt$N$r$p$salt$hash`), so both verify, and login re-hashes an old one with the current
 * parameters (`needsRehash`).
 */

// Algorithm.Argon2id: a const enum, which isolated modules cannot read.
const ARGON2ID = 2 as Algorithm;
const ARGON2 = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const CURRENT_PREFIX = `$argon2id$v=19$m=${ARGON2.memoryCost},t=${ARGON2.timeCost},p=${ARGON2.parallelism}$`;
// Bounds on what a stored string may ask for, so a corrupt or hostile row cannot make us burn memory.
const MAX_ARGON2_MEMORY_KIB = 256 * 1024;
const MAX_ARGON2_TIME = 10;
const MAX_ARGON2_PARALLELISM = 4;
const MAX_LOG2_N = 20;
const MAX_R = 32;
const MAX_P = 16;

/** Hashes a password with a fresh random salt (Argon2id, the current parameters). */
export async function hashPassword(plain: string): Promise<string> {
  return argon2Hash(plain.normalize('NFKC'), ARGON2);
}

/** True when `plain` matches `stored`; false for a wrong password and for a malformed stored string. */
export async function verifyPassword(plain: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$argon2id$')) return verifyArgon2(plain, stored);
  if (stored.startsWith('scrypt$')) return verifyScrypt(plain, stored);
  return false;
}

/** True when a hash was made with another algorithm or older parameters: login re-hashes it. */
export function needsRehash(stored: string): boolean {
  return argon2Params(stored) === null || !stored.startsWith(CURRENT_PREFIX);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one real verification and returns false. Login calls it for an unknown e-mail so
 * that the response time does not reveal which addresses have accounts.
 */
export async function verifyAgainstDummy(plain: string): Promise<false> {
  dummyHash ??= hashPassword('dummy password that matches no account');
  await verifyPassword(plain, await dummyHash);
  return false;
}

/** An Argon2id PHC string's parameters, or null when it is malformed or asks for too much. */
function argon2Params(stored: string): { m: number; t: number; p: number } | null {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.exec(stored);
  if (!match) return null;
  const [m, t, p] = match.slice(1).map(Number) as [number, number, number];
  if (m > MAX_ARGON2_MEMORY_KIB || t > MAX_ARGON2_TIME || p > MAX_ARGON2_PARALLELISM) return null;
  return { m, t, p };
}

async function verifyArgon2(plain: string, stored: string): Promise<boolean> {
  if (!argon2Params(stored)) return false;
  try {
    return await argon2Verify(stored, plain.normalize('NFKC'));
  } catch {
    return false;
  }
}

// The scrypt hashes stored before Argon2id: verified until their owner's next login re-hashes them.

interface ScryptHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

async function verifyScrypt(plain: string, stored: string): Promise<boolean> {
  const parsed = parseScrypt(stored);
  if (!parsed) return false;
  const { N, r, p, salt, key } = parsed;
  try {
    const candidate = await deriveScrypt(plain, salt, key.length, { N, r, p, maxmem: scryptMemory(N, r, p) });
    return timingSafeEqual(candidate, key);
  } catch {
    return false;
  }
}

function parseScrypt(stored: string): ScryptHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, nText, rText, pText, saltText, keyText] = parts;
  const [N, r, p] = [Number(nText), Number(rText), Number(pText)];
  const validN = Number.isInteger(N) && N > 1 && N <= 2 ** MAX_LOG2_N && (N & (N - 1)) === 0;
  if (!validN || !Number.isInteger(r) || r < 1 || r > MAX_R || !Number.isInteger(p) || p < 1 || p > MAX_P) {
    return null;
  }
  const salt = Buffer.from(saltText ?? '', 'base64');
  const key = Buffer.from(keyText ?? '', 'base64');
  if (salt.length < 8 || key.length < 16) return null;
  return { N, r, p, salt, key };
}

function deriveScrypt(
  plain: string,
  salt: Buffer,
  keyLength: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(plain.normalize('NFKC'), salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function scryptMemory(N: number, r: number, p: number): number {
  // scrypt needs 128·N·r bytes plus 128·r·p; leave headroom so Node's check never trips.
  return 128 * r * (N + p + 2) + 1024 * 1024;
}

/** An scrypt hash as stored before Argon2id (tests of the upgrade make one). */
export async function legacyScryptHash(plain: string): Promise<string> {
  const [N, r, p] = [2 ** 14, 8, 5];
  const salt = randomBytes(16);
  const key = await deriveScrypt(plain, salt, 32, { N, r, p, maxmem: scryptMemory(N, r, p) });
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}
