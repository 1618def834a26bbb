import { LRUCache } from 'lru-cache';
import { getConfig } from '../config';
import { readSessionToken } from '../session/cookie';
import type { RequestContext, Session } from '../session/current';
import { sessionIdFor } from '../session/store';

/*
 * The sessions this instance has lately seen waiting in a line, so that a waiter's status poll needs no
 * Redis command (at most 0.01 a second per waiter, issue #22), and can still be answered while the
 * sessions Redis is away (the line lives there too): the line is paused, and the page says so and keeps
 * its place, rather than a 503 (CONTRACT.md, "The line"; docs/queue.md). A session is
 * remembered only from a status answered with Redis up (its session read there and its rights checked
 * in PostgreSQL), for a few minutes, and is named by the session cookie's seal, which only its holder
 * can present. What it gives is that holder's own place in line, nothing else.
 */

/** How long a session seen waiting is remembered for an outage: longer than the slowest poll (60 s). */
const REMEMBER_MS = 10 * 60 * 1000;
/**
 * How long a remembered session answers polls with Redis up: then it is read again, which also slides its
 * idle expiry, so a shopper waiting longer than the idle limit is still signed in when admitted. Once per 5
 * minutes per instance: under 0.01 Redis commands a second per waiter, whatever the fleet's size up to ~15.
 */
const REFRESH_MS = 5 * 60 * 1000;

interface Remembered {
  session: Session;
  at: number;
}

// On globalThis: Next.js bundles this module into several chunks.
const globalForWaiters = globalThis as unknown as { storefrontWaiters?: LRUCache<string, Remembered> };

function waiters(): LRUCache<string, Remembered> {
  globalForWaiters.storefrontWaiters ??= new LRUCache({ max: 200_000, ttl: REMEMBER_MS });
  return globalForWaiters.storefrontWaiters;
}

/** A signed-in session that was just answered its status with Redis up. */
export function rememberWaiter(session: Session): void {
  if (session.userId !== null) waiters().set(session.id, { session, at: Date.now() });
}

/**
 * The request's session as remembered (no Redis): null when this instance has not answered it lately.
 * Safe to answer from memory: a status names only the holder's own place, and an admission cookie given
 * to a session ended since is useless (the cart and checkout read the session and the account's rights).
 */
export async function rememberedWaiter(ctx: RequestContext): Promise<Session | null> {
  const config = getConfig();
  const refreshMs = Math.min(REFRESH_MS, (config.SESSION_IDLE_SECONDS * 1000) / 2);
  const known = await remembered(ctx);
  return known && Date.now() - known.at < refreshMs ? { ...known.session } : null;
}

/** The same while the sessions Redis cannot be asked: any session answered in the last ten minutes. */
export async function rememberedWaiterWhenAway(ctx: RequestContext): Promise<Session | null> {
  const known = await remembered(ctx);
  return known ? { ...known.session } : null;
}

async function remembered(ctx: RequestContext): Promise<Remembered | undefined> {
  const token = await readSessionToken(ctx.cookies, {
    secure: ctx.secure,
    maxAgeSeconds: getConfig().SESSION_ABSOLUTE_SECONDS,
  });
  return token ? waiters().get(sessionIdFor(token)) : undefined;
}
