import { createHash } from 'node:crypto';
import { RateLimiterRedis, type RateLimiterRes } from 'rate-limiter-flexible';
import { RequestError } from '../errors';
import { callRedis } from '../redis/call';
import type { RedisClient } from '../redis/client';
import type { SessionKeys } from '../redis/keys';

/*
 * Login throttling in Redis with rate-limiter-flexible, so every instance counts together. Two counters:
 * - failures for one e-mail from one address (5 per 15 minutes): stops guessing one account's password
 *   without letting a stranger lock the real owner out from elsewhere;
 * - failures from one address (30 per 15 minutes): stops one source trying many accounts.
 * Only failures count: many shoppers behind one office or mobile-carrier address who type their password
 * right must not lock each other out. A blocked attempt is refused before the password is checked, so it
 * costs no scrypt time. Keys hold a hash of e-mail and address, never the e-mail itself.
 */

export interface LoginLimits {
  perEmailAndIp: number;
  perIp: number;
  windowSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perEmailAndIp: 5, perIp: 30, windowSeconds: 15 * 60 };

export const TOO_MANY_ATTEMPTS = 'Too many failed attempts. Please wait a few minutes and try again.';

export class LoginRateLimiter {
  private readonly byEmailAndIp: RateLimiterRedis;
  private readonly byIp: RateLimiterRedis;

  constructor(
    private readonly redis: RedisClient,
    keys: SessionKeys,
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
  ) {
    // ioredis is the library's default client type (no useRedisPackage); no insurance limiter: while
    // Redis is down, sessions are down too, and login answers 503 anyway.
    this.byEmailAndIp = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: keys.loginLimiter('email'),
      points: limits.perEmailAndIp,
      duration: limits.windowSeconds,
    });
    this.byIp = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: keys.loginLimiter('ip'),
      points: limits.perIp,
      duration: limits.windowSeconds,
    });
  }

  /** Throws a 429 RequestError (with Retry-After seconds) when either counter is used up. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const [pair, address] = await callRedis(this.redis, () =>
      Promise.all([this.byEmailAndIp.get(pairKey(email, ip)), this.byIp.get(ip)]),
    );
    const blocked = [
      exhausted(pair, this.limits.perEmailAndIp),
      exhausted(address, this.limits.perIp),
    ].filter((ms): ms is number => ms !== null);
    if (blocked.length > 0) {
      const retryAfter = Math.max(1, Math.ceil(Math.max(...blocked) / 1000));
      throw new RequestError(429, TOO_MANY_ATTEMPTS, undefined, retryAfter);
    }
  }

  /** Counts a failed attempt on both counters. */
  async recordFailure(email: string, ip: string): Promise<void> {
    await callRedis(this.redis, () =>
      Promise.all([this.byEmailAndIp.penalty(pairKey(email, ip)), this.byIp.penalty(ip)]),
    );
  }

  /** A successful login forgets that account's failures from this address (the address keeps its own). */
  async recordSuccess(email: string, ip: string): Promise<void> {
    await callRedis(this.redis, () => this.byEmailAndIp.delete(pairKey(email, ip)));
  }
}

/** Milliseconds until the counter frees up, or null while attempts remain. */
function exhausted(res: RateLimiterRes | null, points: number): number | null {
  return res && res.consumedPoints >= points ? res.msBeforeNext : null;
}

function pairKey(email: string, ip: string): string {
  return createHash('sha256').update(`${email}\n${ip}`).digest('base64url').slice(0, 22);
}
