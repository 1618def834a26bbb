import { callRedis } from '../redis/call';
import type { RedisClient } from '../redis/client';
import { runScript } from '../redis/lua';
import { addToLineScript, mergeLinesScript } from './scripts';

/** A cart hash and how long it lives after a write. */
export interface CartKey {
  key: string;
  ttlMs: number;
}

export interface MergeLine {
  productId: number;
  quantity: number;
  cap: number;
}

/**
 * Carts as Redis hashes (product id → quantity), written field by field (HINCRBY, HSET, HDEL): a write
 * touches one line, never the whole cart. Every Redis failure surfaces as an UnavailableError.
 */
export class CartStore {
  constructor(private readonly redis: RedisClient) {}

  /** Every line as stored: product id → quantity (malformed fields are dropped by the reader). */
  lines(cart: CartKey): Promise<Record<string, string>> {
    return callRedis(this.redis, () => this.redis.hgetall(cart.key));
  }

  /** The sum of the quantities, for the header badge: one HVALS, no database. */
  async count(cart: CartKey): Promise<number> {
    const values = await callRedis(this.redis, () => this.redis.hvals(cart.key));
    return values.reduce((sum, value) => sum + (Number.parseInt(value, 10) || 0), 0);
  }

  async add(cart: CartKey, productId: number, quantity: number, cap: number) {
    const reply = await callRedis(this.redis, () =>
      runScript(this.redis, addToLineScript, [cart.key], [productId, quantity, cap, cart.ttlMs]),
    );
    const [now, asked] = reply as [number, number];
    return { quantity: now, asked };
  }

  /** Sets one line (quantity ≥ 1; the caller has clamped it) and renews the TTL, in one MULTI on one key. */
  async set(cart: CartKey, productId: number, quantity: number): Promise<void> {
    await callRedis(this.redis, () =>
      this.redis.multi().hset(cart.key, String(productId), quantity).pexpire(cart.key, cart.ttlMs).exec(),
    );
  }

  async remove(cart: CartKey, ...productIds: number[]): Promise<void> {
    if (productIds.length === 0) return;
    await callRedis(this.redis, () => this.redis.hdel(cart.key, ...productIds.map(String)));
  }

  async merge(cart: CartKey, lines: readonly MergeLine[]): Promise<void> {
    if (lines.length === 0) return;
    const args = lines.flatMap((line) => [line.productId, line.quantity, line.cap]);
    await callRedis(this.redis, () =>
      runScript(this.redis, mergeLinesScript, [cart.key], [cart.ttlMs, ...args]),
    );
  }

  async drop(cart: CartKey): Promise<void> {
    await callRedis(this.redis, () => this.redis.unlink(cart.key));
  }
}
