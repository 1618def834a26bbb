import 'server-only';
import { getConfig } from '../config';
import { getSessionRedis } from '../redis/client';
import { sessionKeys } from '../redis/keys';
import { clearSessionToken, readSessionToken, writeSessionToken, type CookieJar } from './cookie';
import { SessionStore, type Session, type SessionOwner } from './store';

/**
 * One request as the session layer sees it: its cookies, whether it came over HTTPS, and the client's
 * address. Route handlers build it from the Request (lib/http/handler.ts), server components and actions
 * from next/headers (lib/http/next-context.ts), tests by hand — the functions below are the same for all.
 */
export interface RequestContext {
  readonly cookies: CookieJar;
  readonly secure: boolean;
  readonly ip: string;
}

// One store per Redis client: tests and scripts may close the shared client and get a new one.
const stores = new WeakMap<object, SessionStore>();

/** The process's session store, on the shared Redis client and the configured timeouts. */
export function getSessionStore(): SessionStore {
  const redis = getSessionRedis();
  let store = stores.get(redis);
  if (!store) {
    const config = getConfig();
    store = new SessionStore({
      redis,
      keys: sessionKeys(),
      idleSeconds: config.SESSION_IDLE_SECONDS,
      absoluteSeconds: config.SESSION_ABSOLUTE_SECONDS,
    });
    stores.set(redis, store);
  }
  return store;
}

const cookieSettings = (ctx: RequestContext) => ({
  secure: ctx.secure,
  maxAgeSeconds: getConfig().SESSION_ABSOLUTE_SECONDS,
});

// One lookup per request context, however many functions ask (and what they see after a login).
const loaded = new WeakMap<RequestContext, Promise<Session | null>>();

/**
 * The request's live session, or null ("signed out": no cookie, a tampered or expired one, or a session
 * Redis no longer has). Throws UnavailableError when Redis cannot be asked.
 */
export function currentSession(ctx: RequestContext): Promise<Session | null> {
  let session = loaded.get(ctx);
  if (!session) {
    session = readSessionToken(ctx.cookies, cookieSettings(ctx)).then((token) =>
      token ? getSessionStore().read(token) : null,
    );
    // A failed read is not remembered: the next caller asks Redis again.
    session.catch(() => loaded.delete(ctx));
    loaded.set(ctx, session);
  }
  return session;
}

/** Issues a new session (new token, new cookie): at login, registration, and a guest's first cart write. */
export async function beginSession(ctx: RequestContext, owner: SessionOwner | null): Promise<Session> {
  const { token, session } = await getSessionStore().create(owner);
  await writeSessionToken(ctx.cookies, token, cookieSettings(ctx));
  loaded.set(ctx, Promise.resolve(session));
  return session;
}

/** Ends the request's session in Redis, if any, and clears the cookie. */
export async function endSession(ctx: RequestContext, session: Session | null): Promise<void> {
  if (session) await getSessionStore().destroy(session);
  loaded.set(ctx, Promise.resolve(null));
  await clearSessionToken(ctx.cookies, cookieSettings(ctx));
}

export type { Session, SessionOwner } from './store';
export type { Role } from './store';
