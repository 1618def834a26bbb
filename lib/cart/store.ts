import { callRedis } from '../redis/call';
import type { RedisClient } from '../redis/client';
import { runScript } from '../redis/lua';
import { addToLineScript, mergeLinesScript, setLineScript } from './scripts';
import { MAX_LINES, MAX_QUANTITY } from './types';

/** A cart hash and how long it lives after a write. */
export interface CartKey {
  key: string;
  ttlMs: number;
}

export type AddResult =
  { kind: 'added'; quantity: number; asked: number } | { kind: 'full' } | { kind: 'over'; quantity: number };

export interface MergeLine {
  productId: number;
  quantity: number;
  cap: number;
}

/**
 * Carts as Redis hashes (product id → quantity), written field by field (HINCRBY, HSET, HDEL): a write
 * touches one line, never the whole cart, and a cart never holds more than MAX_LINES lines (the scripts
 * check it in the same step as the write). Every Redis failure surfaces as an UnavailableError.
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

  /**
   * Adds to one line, clamped to `cap`. `full` when it would be a line too many, `over` (with the line's
   * quantity) when the line would pass MAX_QUANTITY: nothing is written either way.
   */
  async add(cart: CartKey, productId: number, quantity: number, cap: number): Promise<AddResult> {
    const args = [productId, quantity, cap, cart.ttlMs, MAX_LINES, MAX_QUANTITY];
    const reply = await callRedis(this.redis, () => runScript(this.redis, addToLineScript, [cart.key], args));
    // {quantity now, asked}; {-1, -1} for a line too many; {-2, the line's quantity} past MAX_QUANTITY.
    const [first, second] = reply as [number, number];
    if (first === -1) return { kind: 'full' };
    if (first === -2) return { kind: 'over', quantity: second };
    return { kind: 'added', quantity: first, asked: second };
  }

  /**
   * Sets one line (quantity ≥ 1; the caller has clamped it) and renews the TTL; false (nothing written)
   * when it would be a line too many.
   */
  async set(cart: CartKey, productId: number, quantity: number): Promise<boolean> {
    const reply = await callRedis(this.redis, () =>
      runScript(this.redis, setLineScript, [cart.key], [productId, quantity, cart.ttlMs, MAX_LINES]),
    );
    return reply === 1;
  }

  async remove(cart: CartKey, ...productIds: number[]): Promise<void> {
    if (productIds.length === 0) return;
    await callRedis(this.redis, () => this.redis.hdel(cart.key, ...productIds.map(String)));
  }

  /** Adds `lines` to the cart, each clamped to its cap; returns how many were left out for want of room. */
  async merge(cart: CartKey, lines: readonly MergeLine[]): Promise<number> {
    if (lines.length === 0) return 0;
    const args = lines.flatMap((line) => [line.productId, line.quantity, line.cap]);
    const left = await callRedis(this.redis, () =>
      runScript(this.redis, mergeLinesScript, [cart.key], [cart.ttlMs, MAX_LINES, ...args]),
    );
    return Number(left);
  }

  async drop(cart: CartKey): Promise<void> {
    await callRedis(this.redis, () => this.redis.unlink(cart.key));
  }
}
