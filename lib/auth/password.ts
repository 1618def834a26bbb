import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/*
 * Password hashing with scrypt from node:crypto. Not marked 'server-only' because the seed script uses
 * it too; nothing here may ever be imported by a client component.
 *
 * Parameters: N=2^14, r=8, p=5, one of the equivalent sets listed by the OWASP Password Storage Cheat
 * Sheet. It costs about the same CPU as N=2^17, p=1 but needs 16 MiB per hash instead of 128 MiB, which
 * matters on a small server where several logins run at once; it also fits Node's default maxmem.
 *
 * The stored form names its own parameters (`scrypt$N$r$p$salt$hash`, base64), so they can be raised
 * later without invalidating existing hashes.
 */

const PARAMS = { N: 2 ** 14, r: 8, p: 5 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Bounds on what a stored string may ask for, so a corrupt or hostile row cannot make us burn memory.
const MAX_LOG2_N = 20;
const MAX_R = 32;
const MAX_P = 16;

function derive(plain: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(plain.normalize('NFKC'), salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function memoryFor(N: number, r: number, p: number): number {
  // scrypt needs 128·N·r bytes plus 128·r·p; leave headroom so Node's check never trips.
  return 128 * r * (N + p + 2) + 1024 * 1024;
}

/** Hashes a password with a fresh random salt. */
export async function hashPassword(plain: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const { N, r, p } = PARAMS;
  const key = await derive(plain, salt, KEY_BYTES, { N, r, p, maxmem: memoryFor(N, r, p) });
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parseStored(stored: string): ParsedHash | null {
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

/** True when `plain` matches `stored`; false for a wrong password and for a malformed stored string. */
export async function verifyPassword(plain: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  if (!parsed) return false;
  const { N, r, p, salt, key } = parsed;
  try {
    const candidate = await derive(plain, salt, key.length, { N, r, p, maxmem: memoryFor(N, r, p) });
    return timingSafeEqual(candidate, key);
  } catch {
    return false;
  }
}

/** True when a hash was made with older parameters, so login can re-hash it with the current ones. */
export function needsRehash(stored: string): boolean {
  const parsed = parseStored(stored);
  return !parsed || parsed.N !== PARAMS.N || parsed.r !== PARAMS.r || parsed.p !== PARAMS.p;
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
