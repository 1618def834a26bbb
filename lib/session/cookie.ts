import { randomBytes } from 'node:crypto';
import { getIronSession } from 'iron-session';
import { getConfig } from '../config';

/*
 * The session cookie: iron-session seals (encrypts and signs with SESSION_SECRET) `{ token }` and nothing
 * else. The token is what proves the session; the seal adds that a cookie we did not issue is rejected
 * before Redis is asked, and that its content is unreadable to scripts and proxies. HttpOnly so page
 * scripts cannot steal it; SameSite=Lax so other sites' forms and fetches do not carry it; Secure and
 * `__Host-` prefixed whenever the request came over HTTPS (directly or through nginx, which says so in
 * X-Forwarded-Proto).
 */

const SESSION_COOKIE = 'sf_session';

/**
 * The name over HTTPS. `__Host-` makes the browser refuse the cookie unless it is Secure, has Path=/ and
 * no Domain, and refuse to let a plain-http page or a sibling subdomain set one: a network attacker cannot
 * plant a session of their own. A browser also refuses it over plain http (localhost development, the e2e
 * run, a scale-out on :8080), which is why the plain name stays for those. Each scheme reads only its own
 * name, so over HTTPS a planted plain `sf_session` is never read.
 */
const SECURE_SESSION_COOKIE = '__Host-sf_session';

const sessionCookieName = (secure: boolean) => (secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE);

/**
 * `SameSite=Lax` as the contract spells it. Next.js writes the value exactly as given and the cookie types
 * only admit lower case, so `'lax'` would reach clients as `SameSite=lax`: the same to a browser, but not
 * to a check that matches the contract's text.
 */
const SAME_SITE_LAX = 'Lax' as unknown as 'lax';

/** Exactly the shape iron-session 8 writes: it would also accept trailing junk after its "~2" version. */
export const SEAL_SHAPE = /^Fe26\.2\*[\w*-]+~2$/;

/** The `get`/`set` half of Next's cookie store: `cookies()` in server code, or a request's in tests. */
export interface CookieJar {
  get(name: string): { name: string; value: string } | undefined;
  set(name: string, value: string, options?: Record<string, unknown>): void;
}

export interface CookieSettings {
  secure: boolean;
  /** The cookie's Max-Age (s): the session's absolute lifetime, after which the server refuses it anyway. */
  maxAgeSeconds: number;
  secret?: string;
}

interface SealedSession {
  token?: string;
}

// On globalThis so that development reloads keep it (and with it everyone's cookies).
const globalForSecret = globalThis as unknown as { storefrontDevSessionSecret?: string };

/**
 * SESSION_SECRET, required in production by lib/config.ts. Without it (development, tests) each process
 * makes a random one, so cookies die with the process: never a fixed secret someone could find in the code.
 * Also what seals the login's device cookie (lib/auth/device.ts).
 */
export function cookieSecret(override?: string): string {
  const configured = override ?? getConfig().SESSION_SECRET;
  if (configured) return configured;
  globalForSecret.storefrontDevSessionSecret ??= randomBytes(32).toString('base64url');
  return globalForSecret.storefrontDevSessionSecret;
}

/** The attributes of every cookie the shop sets: HttpOnly, SameSite=Lax, Path=/, Secure over HTTPS. */
export function cookieAttributes(secure: boolean, maxAgeSeconds: number) {
  return { httpOnly: true, sameSite: SAME_SITE_LAX, path: '/', secure, maxAge: maxAgeSeconds };
}

function ironOptions(settings: CookieSettings) {
  return {
    cookieName: sessionCookieName(settings.secure),
    password: cookieSecret(settings.secret),
    // The seal outlives the cookie by a minute, so a cookie the browser still sends is never refused for
    // its seal's age alone; the server's own absolute limit is what ends the session.
    ttl: settings.maxAgeSeconds + 60,
    cookieOptions: cookieAttributes(settings.secure, settings.maxAgeSeconds),
  };
}

/** The token in the cookie, or null when there is none or it is tampered with, expired or malformed. */
export async function readSessionToken(jar: CookieJar, settings: CookieSettings): Promise<string | null> {
  const value = jar.get(sessionCookieName(settings.secure))?.value;
  if (!value || !SEAL_SHAPE.test(value)) return null;
  try {
    const sealed = await getIronSession<SealedSession>(ironStore(jar), ironOptions(settings));
    return typeof sealed.token === 'string' ? sealed.token : null;
  } catch {
    // A seal iron-session cannot even parse is just another bad cookie: signed out, never an error.
    return null;
  }
}

export async function writeSessionToken(
  jar: CookieJar,
  token: string,
  settings: CookieSettings,
): Promise<void> {
  const sealed = await getIronSession<SealedSession>(ironStore(emptyJar(jar)), ironOptions(settings));
  sealed.token = token;
  await sealed.save();
}

export async function clearSessionToken(jar: CookieJar, settings: CookieSettings): Promise<void> {
  const sealed = await getIronSession<SealedSession>(ironStore(emptyJar(jar)), ironOptions(settings));
  sealed.destroy();
}

// iron-session types its store as Next's (with an extra object form of `set` it never calls).
type IronCookieStore = Extract<Parameters<typeof getIronSession>[0], { set: unknown }>;
const ironStore = (jar: CookieJar) => jar as unknown as IronCookieStore;

/** Writes go to `jar`, but nothing is read from it: a new seal never starts from a bad old cookie. */
function emptyJar(jar: CookieJar): CookieJar {
  return { get: () => undefined, set: (name, value, options) => jar.set(name, value, options) };
}
