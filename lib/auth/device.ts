import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { sealData, unsealData } from 'iron-session';
import { cookieAttributes, cookieSecret, SEAL_SHAPE } from '../session/cookie';
import type { RequestContext } from '../session/current';

/*
 * Device cookies, after OWASP's "Slow down online guessing attacks with device cookies": a browser that
 * signed in to an account (by its password, or by creating it) keeps a cookie saying so, and that account's
 * later logins from it are counted apart from everyone else's (lib/auth/rate-limit.ts), so the owner is
 * never locked out by a stranger's guesses, even from the same address (a carrier's or an office's).
 *
 * The cookie is an iron-session seal (SESSION_SECRET) of the account's e-mail hash and a random device id:
 * nobody can make one for an account without its password, a stolen one opens nothing by itself (the
 * password is still checked, under the device's own limit), and it names one account, the last one signed
 * in to from this browser. It outlives logouts (it proves a past login, not a session) and expires after
 * 90 days, in the browser and in the seal. HttpOnly, SameSite=Lax, Path=/; `__Host-` and Secure over HTTPS.
 */

const DEVICE_COOKIE = 'sf_device';
const SECURE_DEVICE_COOKIE = '__Host-sf_device';
const DEVICE_SECONDS = 90 * 24 * 3600;
/** A seal of this payload is about 200 characters; anything much longer is not ours. */
const MAX_COOKIE_LENGTH = 1024;

interface DeviceSeal {
  /** A hash of the account's (normalised) e-mail. */
  a?: string;
  /** The device id: random, one per sign-in. */
  d?: string;
}

const cookieName = (ctx: RequestContext) => (ctx.secure ? SECURE_DEVICE_COOKIE : DEVICE_COOKIE);
const accountHash = (email: string) => createHash('sha256').update(`device\n${email}`).digest('base64url');

/**
 * The device id when this browser has signed in to `email`'s account before (a valid, unexpired seal
 * naming it); null otherwise. Costs no Redis or PostgreSQL.
 */
export async function knownDevice(ctx: RequestContext, email: string): Promise<string | null> {
  const value = ctx.cookies.get(cookieName(ctx))?.value;
  if (!value || value.length > MAX_COOKIE_LENGTH || !SEAL_SHAPE.test(value)) return null;
  let seal: DeviceSeal;
  try {
    seal = await unsealData<DeviceSeal>(value, { password: cookieSecret(), ttl: DEVICE_SECONDS });
  } catch {
    return null;
  }
  return seal.a === accountHash(email) && typeof seal.d === 'string' ? seal.d : null;
}

/** Marks this browser as one that signed in to `email`'s account (a new device id each time). */
export async function rememberDevice(ctx: RequestContext, email: string): Promise<void> {
  const seal: DeviceSeal = { a: accountHash(email), d: randomBytes(16).toString('base64url') };
  const value = await sealData(seal, { password: cookieSecret(), ttl: DEVICE_SECONDS });
  ctx.cookies.set(cookieName(ctx), value, cookieAttributes(ctx.secure, DEVICE_SECONDS));
}
