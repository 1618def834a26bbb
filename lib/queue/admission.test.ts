import { describe, expect, it } from 'vitest';
import { writeSessionToken } from '@/lib/session/cookie';
import { newSessionToken, sessionIdFor } from '@/lib/session/store';
import { MemoryCookieJar } from '@/tooling/vitest/session';
import { admissionCookieName, admissionOf, openAdmission, sealAdmission, writeAdmission } from './admission';

// The admission cookie, checked from cookies alone (what proxy.ts, the product JSON and the cart ask):
// a genuine one opens for its sale, user and session until its expiry; a forged, altered or expired one,
// or one presented for another sale, by another session or signed out, does not.

const SALE = 41;
const USER = 7;

/** A browser signed in to a session (its sealed cookie; the check never asks Redis), and that session's id. */
async function browser(): Promise<{ jar: MemoryCookieJar; sessionId: string }> {
  const jar = new MemoryCookieJar();
  const token = newSessionToken();
  await writeSessionToken(jar, token, { secure: false, maxAgeSeconds: 3600 });
  return { jar, sessionId: sessionIdFor(token) };
}

const admitted = (sessionId: string, expiresAt = Date.now() + 60_000) => ({
  saleId: SALE,
  userId: USER,
  sessionId,
  expiresAt,
});

/** The cookie's value with one part replaced (user, expiry, session, signature). */
function withPart(value: string, index: number, part: string): string {
  const parts = value.split('.');
  parts[index] = part;
  return parts.join('.');
}

describe('the admission cookie', () => {
  it('opens for its sale, user and session, and lives as long as the admission', async () => {
    const { jar, sessionId } = await browser();
    const expiresAt = Date.now() + 90_000;
    writeAdmission(jar, admitted(sessionId, expiresAt), false);
    expect(await admissionOf(jar, false, SALE)).toEqual({ saleId: SALE, userId: USER, sessionId, expiresAt });
    const options = jar.options.get(admissionCookieName(SALE))!;
    expect(options).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(options.maxAge).toBeGreaterThanOrEqual(89);
    expect(options.maxAge).toBeLessThanOrEqual(90);
  });

  it('refuses a forged or altered value', async () => {
    const { jar, sessionId } = await browser();
    const genuine = sealAdmission(admitted(sessionId));
    const signature = genuine.split('.')[3]!;
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    const later = String(Date.now() + 3_600_000);
    const forged = [
      withPart(genuine, 3, 'x'.repeat(43)), // a made-up signature
      withPart(genuine, 3, flipped), // one character of it changed
      withPart(genuine, 0, String(USER + 1)), // another user
      withPart(genuine, 1, later), // a later expiry
      withPart(genuine, 2, sessionIdFor(newSessionToken())), // another session
      `${genuine}x`,
      'not a cookie',
    ];
    expect(openAdmission(genuine, SALE, sessionId)).not.toBeNull();
    for (const value of forged) {
      expect(openAdmission(value, SALE, sessionId), value).toBeNull();
      jar.set(admissionCookieName(SALE), value);
      expect(await admissionOf(jar, false, SALE), value).toBeNull();
    }
  });

  it('refuses an expired one', async () => {
    const { jar, sessionId } = await browser();
    const expiresAt = Date.now() + 60_000;
    const value = sealAdmission(admitted(sessionId, expiresAt));
    jar.set(admissionCookieName(SALE), value);
    expect(await admissionOf(jar, false, SALE, expiresAt - 1)).not.toBeNull();
    expect(await admissionOf(jar, false, SALE, expiresAt)).toBeNull();
    const past = sealAdmission(admitted(sessionId, Date.now() - 1));
    jar.set(admissionCookieName(SALE), past);
    expect(await admissionOf(jar, false, SALE)).toBeNull();
  });

  it('refuses one for another sale, one copied to another session, and one without a session', async () => {
    const owner = await browser();
    const value = sealAdmission(admitted(owner.sessionId));
    // Renamed to another sale's cookie: its signature names this sale.
    const renamed = await browser();
    renamed.jar.set(admissionCookieName(SALE), sealAdmission(admitted(renamed.sessionId)));
    renamed.jar.set(admissionCookieName(SALE + 1), renamed.jar.get(admissionCookieName(SALE))!.value);
    expect(await admissionOf(renamed.jar, false, SALE)).not.toBeNull();
    expect(await admissionOf(renamed.jar, false, SALE + 1)).toBeNull();
    // Copied into another browser (another session, perhaps another user's).
    const other = await browser();
    other.jar.set(admissionCookieName(SALE), value);
    expect(await admissionOf(other.jar, false, SALE)).toBeNull();
    // Signed out: no session cookie at all.
    const signedOut = new MemoryCookieJar();
    signedOut.set(admissionCookieName(SALE), value);
    expect(await admissionOf(signedOut, false, SALE)).toBeNull();
    // The owner's own browser still opens it.
    owner.jar.set(admissionCookieName(SALE), value);
    expect(await admissionOf(owner.jar, false, SALE)).not.toBeNull();
  });
});
