import { createHash, randomUUID } from 'node:crypto';
import { isOutage } from '../errors';
import { callRedis } from '../redis/call';
import type { RedisClient } from '../redis/client';
import { runScript } from '../redis/lua';
import type { CheckoutKeys } from '../redis/keys';
import { claimAttemptScript, releaseAttemptScript } from './scripts';
import type { CheckoutAnswer } from './types';

/*
 * Idempotency keys, after Stripe and the IETF draft: the same key from the same user after a placed order
 * replays that order's answer; the same key while the first checkout still runs is a conflict; a refused
 * attempt is forgotten, so a retry after the cart is fixed works. The record lives in Redis, so a replay
 * or a double-click costs PostgreSQL nothing. PostgreSQL keeps the last word: the order row carries the key
 * under a unique index, so even with Redis away (or a record expired) one key never makes two orders.
 */

/** How long a running claim lasts if its checkout dies without releasing it: longer than any checkout. */
const RUNNING_TTL_MS = 60_000;
/** How long a placed order's answer is replayed from Redis (later, PostgreSQL's row answers). */
const DONE_TTL_MS = 24 * 3600_000;

export type Claim =
  | { kind: 'claimed'; release: () => Promise<void>; complete: (answer: CheckoutAnswer) => Promise<void> }
  | { kind: 'replay'; answer: CheckoutAnswer }
  | { kind: 'running' }
  /** Redis could not be asked: go on, PostgreSQL's unique index still guards the key. */
  | { kind: 'unknown' };

/** What a key's record says before any claim: nothing yet (`free`), or as a claim would find it. */
export type Look = Exclude<Claim, { kind: 'claimed' }> | { kind: 'free' };

export class IdempotencyRecords {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: CheckoutKeys,
  ) {}

  /**
   * What the key's record says now, without claiming it: checkout reads it beside the cart, so an attempt
   * the gates refuse costs no claim to release (a sold-out refusal stays two Redis round trips).
   */
  async look(userId: number, idempotencyKey: string): Promise<Look> {
    const key = this.keys.attempt(userId, hashKey(idempotencyKey));
    let current: string | null;
    try {
      current = await callRedis(this.redis, () => this.redis.get(key));
    } catch (error) {
      if (!isOutage(error)) throw error;
      return { kind: 'unknown' };
    }
    return current === null ? { kind: 'free' } : recorded(current);
  }

  async claim(userId: number, idempotencyKey: string): Promise<Claim> {
    const key = this.keys.attempt(userId, hashKey(idempotencyKey));
    const mine = `running:${randomUUID()}`;
    let current: unknown;
    try {
      current = await callRedis(this.redis, () =>
        runScript(this.redis, claimAttemptScript, [key], [mine, RUNNING_TTL_MS]),
      );
    } catch (error) {
      // Only an outage goes on without the record; a bug (a reply we did not expect) fails the checkout.
      if (!isOutage(error)) throw error;
      return { kind: 'unknown' };
    }
    if (current === null) {
      return {
        kind: 'claimed',
        release: () => this.quietly(() => runScript(this.redis, releaseAttemptScript, [key], [mine])),
        complete: ({ orderId, totalCents }) =>
          this.quietly(() => this.redis.set(key, `done:${orderId}:${totalCents}`, 'PX', DONE_TTL_MS)),
      };
    }
    return recorded(String(current));
  }

  /** A record that cannot be written is not worth failing a placed order for: it expires, PostgreSQL guards. */
  private async quietly(call: () => Promise<unknown>): Promise<void> {
    await callRedis(this.redis, call).catch((error: unknown) => {
      console.error(`checkout: idempotency record: ${error instanceof Error ? error.message : error}`);
    });
  }
}

/** A record's value: a placed order's answer, or a claim still running. */
function recorded(value: string): Extract<Claim, { kind: 'replay' | 'running' }> {
  const done = /^done:(\d+):(\d+)$/.exec(value);
  if (done) return { kind: 'replay', answer: { orderId: Number(done[1]), totalCents: Number(done[2]) } };
  return { kind: 'running' };
}

/** The client's key, hashed: any printable string makes a short, safe key part. */
function hashKey(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('base64url');
}
