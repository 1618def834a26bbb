import { createHmac, timingSafeEqual } from 'node:crypto';
import { getConfig } from '../config';
import { cookieAttributes, cookieSecret, readSessionToken, type CookieJar } from '../session/cookie';
import { sessionIdFor } from '../session/store';

/*
 * The admission cookie: proof, checked in process with no Redis command, that this browser's shopper was
 * admitted to a sale's line. From the start of a queued sale, its product page, its JSON and adding it to a
 * cart need one (proxy.ts and the cart; checkout also asks Redis once). It names the sale, the user, the
 * session it was given to (the session's id, the SHA-256 of its token, which the cookie's seal already
 * holds) and its expiry, signed with a key derived from SESSION_SECRET. So a cookie copied to another
 * browser (another session), altered, made up, expired, or for another sale or user, is refused.
 */

/** One cookie per sale, so a shopper may hold admissions to two sales at once. */
export const admissionCookieName = (saleId: number) => `sf_admission_${saleId}`;

export interface Admission {
  saleId: number;
  userId: number;
  sessionId: string;
  /** When it ends (ms). */
  expiresAt: number;
}

const VALUE_SHAPE = /^(\d{1,12})\.(\d{13})\.([\w-]{43})\.([\w-]{43})$/;

function signature(admission: Admission): string {
  const key = createHmac('sha256', cookieSecret()).update('storefront line admission').digest();
  const { saleId, userId, sessionId, expiresAt } = admission;
  return createHmac('sha256', key)
    .update(`${saleId}.${userId}.${expiresAt}.${sessionId}`)
    .digest('base64url');
}

/** The cookie's value: `<user>.<expiry ms>.<session id>.<signature>`. */
export function sealAdmission(admission: Admission): string {
  return `${admission.userId}.${admission.expiresAt}.${admission.sessionId}.${signature(admission)}`;
}

/** Sets the sale's admission cookie, living as long as the admission. */
export function writeAdmission(
  jar: CookieJar,
  admission: Admission,
  secure: boolean,
  now = Date.now(),
): void {
  const seconds = Math.max(1, Math.ceil((admission.expiresAt - now) / 1000));
  jar.set(admissionCookieName(admission.saleId), sealAdmission(admission), cookieAttributes(secure, seconds));
}

/** The admission a cookie value proves for `saleId` and this session at `now`, or null. */
export function openAdmission(
  value: string | undefined,
  saleId: number,
  sessionId: string,
  now = Date.now(),
): Admission | null {
  const match = value ? VALUE_SHAPE.exec(value) : null;
  if (!match) return null;
  const admission = { saleId, userId: Number(match[1]), expiresAt: Number(match[2]), sessionId: match[3]! };
  // Both are 43 base64url characters (the shape says so): compared in constant time.
  if (!timingSafeEqual(Buffer.from(match[4]!), Buffer.from(signature(admission)))) return null;
  if (admission.sessionId !== sessionId || admission.expiresAt <= now) return null;
  return admission;
}

/**
 * The request's admission to `saleId`, from its cookies alone: the session cookie's seal gives the
 * session's id (no Redis), the admission cookie must be for that session. What proxy.ts and the product
 * JSON ask; null when there is none, it is not valid, or the visitor is signed out.
 */
export async function admissionOf(
  jar: CookieJar,
  secure: boolean,
  saleId: number,
  now = Date.now(),
): Promise<Admission | null> {
  const value = jar.get(admissionCookieName(saleId))?.value;
  if (!value) return null;
  const token = await readSessionToken(jar, { secure, maxAgeSeconds: getConfig().SESSION_ABSOLUTE_SECONDS });
  return token ? openAdmission(value, saleId, sessionIdFor(token), now) : null;
}
