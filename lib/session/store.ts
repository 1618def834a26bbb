import { createHash, randomBytes } from 'node:crypto';
import { callRedis } from '../redis/call';
import type { RedisClient } from '../redis/client';
import { runScript } from '../redis/lua';
import type { SessionKeys } from '../redis/keys';
import { createSessionScript, touchSessionScript } from './scripts';

export type Role = 'shopper' | 'admin';

/** A live session as the storefront sees it. Guests (who only have a cart) have no user. */
export interface Session {
  /** base64url(SHA-256(token)): names the Redis key; the token itself stays in the cookie. */
  readonly id: string;
  readonly userId: number | null;
  readonly role: Role | null;
  readonly createdAt: number;
  /** How long the session lives now unless used again (ms): a guest cart's TTL follows it. */
  readonly ttlMs: number;
  /** "Keep me signed in": idle for as long as the absolute limit allows. */
  readonly keep: boolean;
}

export interface SessionOwner {
  userId: number;
  role: Role;
  /** "Keep me signed in" (a signed-in session only): the idle limit is the absolute one. */
  keep?: boolean;
}

export interface SessionStoreOptions {
  redis: RedisClient;
  keys: SessionKeys;
  idleSeconds: number;
  absoluteSeconds: number;
}

// Roles are stored as one letter: every byte of a session hash is paid 100,000 times over.
const ROLE_CODE: Record<Role, string> = { shopper: 's', admin: 'a' };
const ROLE_BY_CODE: Record<string, Role> = { s: 'shopper', a: 'admin' };

/** 32 random bytes (256 bits, beyond ASVS's 128), base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sessionIdFor(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * Sessions as Redis hashes (see lib/redis/session-keys.ts for the fields). Every Redis failure surfaces as
 * an UnavailableError, so callers answer 503 or render "signed out" rather than crash.
 */
export class SessionStore {
  private readonly idleMs: number;
  private readonly absoluteMs: number;

  constructor(private readonly options: SessionStoreOptions) {
    this.idleMs = options.idleSeconds * 1000;
    this.absoluteMs = options.absoluteSeconds * 1000;
  }

  /**
   * Starts a session and returns its token (for the cookie). The user's set of sessions is written first:
   * if the session write then fails, the set holds a dead id (pruned later), whereas the other order could
   * leave a live session that "log out everywhere" cannot find.
   */
  async create(owner: SessionOwner | null): Promise<{ token: string; session: Session }> {
    return callRedis(this.options.redis, async () => {
      const { redis, keys, absoluteSeconds } = this.options;
      const token = newSessionToken();
      const id = sessionIdFor(token);
      if (owner) {
        // Scored by the session's absolute end, so entries past it are pruned by score alone.
        const setKey = keys.userSessions(owner.userId);
        const ends = Date.now() + this.absoluteMs;
        await redis.multi().zadd(setKey, ends, id).expire(setKey, absoluteSeconds).exec();
      }
      const createdAt = await runScript(
        redis,
        createSessionScript,
        [keys.session(id)],
        [
          this.idleMs,
          this.absoluteMs,
          owner ? owner.userId : '',
          owner ? ROLE_CODE[owner.role] : '',
          owner?.keep ? '1' : '',
        ],
      );
      if (typeof createdAt !== 'number') throw new Error('session id collision');
      if (owner) await this.pruneUserSessions(owner.userId);
      const session: Session = {
        id,
        userId: owner?.userId ?? null,
        role: owner?.role ?? null,
        createdAt,
        ttlMs: owner?.keep ? this.absoluteMs : Math.min(this.idleMs, this.absoluteMs),
        keep: owner?.keep ?? false,
      };
      return { token, session };
    });
  }

  /** The live session of `token`, its expiry slid if due; null for an unknown, expired or malformed one. */
  async read(token: string): Promise<Session | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    const id = sessionIdFor(token);
    const reply = await callRedis(this.options.redis, () =>
      runScript(
        this.options.redis,
        touchSessionScript,
        [this.options.keys.session(id)],
        [this.idleMs, this.absoluteMs, Math.max(1, Math.floor(this.idleMs / 10))],
      ),
    );
    if (!Array.isArray(reply)) return null;
    const [userText, roleText, createdText, ttl, slid, kept] = reply as [
      string,
      string,
      string,
      number,
      number,
      number,
    ];
    const userId = userText === '' ? null : Number(userText);
    const role = ROLE_BY_CODE[roleText] ?? null;
    if (userId !== null && (!Number.isSafeInteger(userId) || role === null)) return null;
    const ttlMs = Math.max(1, ttl);
    // A guest's cart lives exactly as long as the guest's session: when the session's expiry slides, the
    // cart's slides with it (a separate key in another slot, so a second command, once per slide only).
    if (slid === 1 && userId === null) {
      await callRedis(this.options.redis, () =>
        this.options.redis.pexpire(this.options.keys.guestCart(id), ttlMs),
      );
    }
    return { id, userId, role, createdAt: Number(createdText), ttlMs, keep: kept === 1 };
  }

  /** Ends one session at once (logout, rotation). */
  async destroy(session: Pick<Session, 'id' | 'userId'>): Promise<void> {
    await callRedis(this.options.redis, async () => {
      const { redis, keys } = this.options;
      await redis.unlink(keys.session(session.id));
      if (session.userId !== null) await redis.zrem(keys.userSessions(session.userId), session.id);
    });
  }

  /**
   * Ends every session of a user but `exceptId` ("log out everywhere", a password or role change).
   * Removes only the ids it read, so a login racing with it keeps its fresh entry. Returns how many ended.
   */
  async destroyAllForUser(userId: number, exceptId?: string): Promise<number> {
    return callRedis(this.options.redis, async () => {
      const { redis, keys } = this.options;
      const setKey = keys.userSessions(userId);
      const ids = (await redis.zrange(setKey, 0, -1)).filter((id) => id !== exceptId);
      if (ids.length === 0) return 0;
      // One UNLINK per key: on a Cluster the sessions sit in different slots.
      const ended = await Promise.all(ids.map((id) => redis.unlink(keys.session(id))));
      await redis.zrem(setKey, ...ids);
      return ended.reduce((sum, count) => sum + count, 0);
    });
  }

  /** Drops the ids of sessions that expired on their own, so the set does not grow with every login. */
  private async pruneUserSessions(userId: number): Promise<void> {
    const { redis, keys } = this.options;
    const setKey = keys.userSessions(userId);
    await redis.zremrangebyscore(setKey, '-inf', Date.now());
    // Sessions that ended for idleness are still scored in the future: ask whether their keys remain.
    const ids = await redis.zrange(setKey, 0, -1);
    const alive = await Promise.all(ids.map((id) => redis.exists(keys.session(id))));
    const dead = ids.filter((_, index) => alive[index] === 0);
    if (dead.length > 0) await redis.zrem(setKey, ...dead);
  }
}
