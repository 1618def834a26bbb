import { createHash } from 'node:crypto';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RequestError } from '../errors';
import { callRedis } from '../redis/call';
import type { RedisClient } from '../redis/client';
import type { SessionKeys } from '../redis/keys';

/*
 * Login and registration throttling in Redis with rate-limiter-flexible, so every instance counts together.
 * A login from a browser that has not signed in to the account before has two counters:
 * - attempts for one e-mail from one address (5 per 15 minutes): stops guessing one account's password
 *   without letting a stranger lock the real owner out from elsewhere;
 * - attempts from one address (30 per 15 minutes): stops one source trying many accounts.
 * A login from a browser that has signed in to this account before (its device cookie, ./device.ts) has
 * one counter instead, its own (5 per 15 minutes): what strangers do, from anywhere, even the owner's own
 * address, never uses it up. (Across addresses, an account's guesses are also checked one at a time per
 * process: ./password-checks.ts.)
 * An attempt is CONSUMED before its password is checked, in one atomic step per counter: a burst of
 * concurrent guesses cannot all read "4 used" and all be checked. A successful login gives its points
 * back, so shoppers behind one office or carrier address who type their password right never lock each
 * other out. Registration has its own counter per address. Keys hold hashes, never an e-mail address.
 */

export interface LoginLimits {
  perEmailAndIp: number;
  perIp: number;
  perDevice: number;
  windowSeconds: number;
  registrationsPerIp: number;
  registrationWindowSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perEmailAndIp: 5,
  perIp: 30,
  perDevice: 5,
  windowSeconds: 15 * 60,
  // Generous: a sale brings many new shoppers from behind one carrier's or office's address.
  registrationsPerIp: 50,
  registrationWindowSeconds: 60 * 60,
};

export const TOO_MANY_ATTEMPTS = 'Too many failed attempts. Please wait a few minutes and try again.';
const TOO_MANY_REGISTRATIONS = 'Too many new accounts from your address. Please try again later.';

export class LoginRateLimiter {
  private readonly byEmailAndIp: RateLimiterRedis;
  private readonly byIp: RateLimiterRedis;
  private readonly byDevice: RateLimiterRedis;
  private readonly registrations: RateLimiterRedis;

  constructor(
    private readonly redis: RedisClient,
    keys: SessionKeys,
    limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
  ) {
    // ioredis is the library's default client type (no useRedisPackage); no insurance limiter: while
    // Redis is down, sessions are down too, and login answers 503 anyway.
    const limiter = (kind: 'email' | 'ip' | 'device' | 'register', points: number, duration: number) =>
      new RateLimiterRedis({ storeClient: redis, keyPrefix: keys.loginLimiter(kind), points, duration });
    this.byEmailAndIp = limiter('email', limits.perEmailAndIp, limits.windowSeconds);
    this.byIp = limiter('ip', limits.perIp, limits.windowSeconds);
    this.byDevice = limiter('device', limits.perDevice, limits.windowSeconds);
    this.registrations = limiter('register', limits.registrationsPerIp, limits.registrationWindowSeconds);
  }

  /**
   * Takes one login attempt before the password is checked: from the device's own counter when `device`
   * (./device.ts) has signed in to this account before, else from the e-mail-and-address and the address
   * counters. A 429 RequestError (with Retry-After) when one is used up. Returns what gives the points back
   * after a success.
   */
  async consume(
    email: string,
    ip: string,
    device: string | null = null,
  ): Promise<{ succeeded: () => Promise<void> }> {
    if (device !== null) {
      const key = hashed(device);
      const results = await callRedis(this.redis, () => Promise.allSettled([this.byDevice.consume(key)]));
      refuseIfLimited(results, TOO_MANY_ATTEMPTS);
      return { succeeded: () => callRedis(this.redis, () => this.byDevice.delete(key)).then(() => {}) };
    }
    const pair = hashed(`${email}\n${ip}`);
    const results = await callRedis(this.redis, () =>
      Promise.allSettled([this.byEmailAndIp.consume(pair), this.byIp.consume(ip)]),
    );
    refuseIfLimited(results, TOO_MANY_ATTEMPTS);
    return {
      // The account's failures from this address are forgotten; the address gets its attempt back.
      succeeded: () =>
        callRedis(this.redis, async () => {
          await Promise.all([this.byEmailAndIp.delete(pair), this.byIp.reward(ip, 1)]);
        }),
    };
  }

  /** Takes one registration from the address's counter; a 429 when used up. */
  async consumeRegistration(ip: string): Promise<void> {
    const results = await callRedis(this.redis, () => Promise.allSettled([this.registrations.consume(ip)]));
    refuseIfLimited(results, TOO_MANY_REGISTRATIONS);
  }
}

/** A 429 for a counter the library refused (it rejects with a RateLimiterRes); Redis errors rethrown. */
function refuseIfLimited(results: PromiseSettledResult<unknown>[], message: string): void {
  const waits: number[] = [];
  for (const result of results) {
    if (result.status === 'fulfilled') continue;
    if (!(result.reason instanceof RateLimiterRes)) throw result.reason;
    waits.push(result.reason.msBeforeNext);
  }
  if (waits.length > 0) {
    const retryAfter = Math.max(1, Math.ceil(Math.max(...waits) / 1000));
    throw new RequestError(429, message, undefined, retryAfter);
  }
}

/** A short key part from something that must not sit in Redis as it is (an e-mail, a device id). */
function hashed(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}
