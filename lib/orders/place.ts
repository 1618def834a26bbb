import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb, getSql } from '../db/client';
import { pgErrorCode, UNIQUE_VIOLATION } from '../db/errors';
import { orders } from '../db/schema';
import { callDependency, RequestError } from '../errors';
import type { StockLine } from '../stock/gate';
import type { CheckoutAnswer } from './types';

/*
 * The sale itself, in PostgreSQL, the truth: one call of `place_order` (drizzle/0004_place_order.sql), one
 * statement and so one transaction:
 *   1. an order already placed with this key answers again (a replay writes nothing);
 *   2. each line's product, in product-id order (so two checkouts never wait on each other in a cycle),
 *      is decremented by a conditional update (`stock >= quantity`), which locks the row: of two checkouts
 *      racing for the last unit, the second waits, re-reads and finds too little. The CHECK constraint
 *      (stock >= 0) is the last line of defence;
 *   3. the order and its lines are inserted with the names and prices read from PostgreSQL there, never
 *      from the cache or the client.
 * Any line that cannot be filled fails the statement: nothing is written. Done in one round trip because
 * in a flash sale every winner queues on the same row: a lock held across several round trips to a busy
 * Node.js process let winners wait past the statement timeout (measured: a third of them, answered 503).
 */

export class OutOfStockError extends RequestError {
  constructor(
    readonly productId: number,
    readonly available: number,
    /** The product's name when known (PostgreSQL's refusal); the gate knows only its id. */
    name?: string,
  ) {
    const product = name ?? 'a product in your cart';
    const message =
      available > 0
        ? `Only ${available} left of ${product}: lower its quantity to place the order.`
        : `${name ?? 'A product in your cart'} is sold out: remove it to place the order.`;
    super(409, message, undefined, undefined, { productId, available });
    this.name = 'OutOfStockError';
  }
}

export interface PlacedOrder extends CheckoutAnswer {
  /** True when the key had already placed this order: nothing was written now. */
  replayed: boolean;
}

export async function placeOrder(
  userId: number,
  idempotencyKey: string,
  lines: readonly StockLine[],
): Promise<PlacedOrder> {
  const sorted = [...lines].sort((a, b) => a.productId - b.productId);
  const ids = sorted.map((line) => line.productId);
  const quantities = sorted.map((line) => line.quantity);
  try {
    const [row] = await callDependency(
      'postgres',
      () => getSql()<Array<{ orderId: string; totalCents: number; replayed: boolean }>>`
        select order_id as "orderId", total_cents as "totalCents", replayed
        from place_order(${userId}, ${idempotencyKey}, ${ids}::int[], ${quantities}::int[])`,
    );
    if (!row) throw new Error('place_order returned no row');
    return { orderId: Number(row.orderId), totalCents: row.totalCents, replayed: row.replayed };
  } catch (error) {
    const code = pgErrorCode(error);
    if (code === OUT_OF_STOCK) throw outOfStock(error);
    // The same key placed an order in a statement that committed while ours ran (Redis was away, so the
    // claim could not keep them apart): ours failed on the unique index; answer with theirs.
    if (code !== UNIQUE_VIOLATION) throw error;
    const placed = await findPlacedOrder(userId, idempotencyKey);
    if (!placed) throw error;
    return { ...placed, replayed: true };
  }
}

/** place_order's refusal: the product's name as the message, its id in DETAIL, its stock in HINT. */
const OUT_OF_STOCK = 'SF409';

function outOfStock(error: unknown): OutOfStockError {
  const { message, detail, hint } = error as { message?: string; detail?: string; hint?: string };
  return new OutOfStockError(Number(detail), Math.max(0, Number(hint)), message || undefined);
}

/** The order this user already placed with this key, if any. */
export async function findPlacedOrder(
  userId: number,
  idempotencyKey: string,
): Promise<CheckoutAnswer | null> {
  const [row] = await callDependency('postgres', () =>
    getDb()
      .select({ orderId: orders.id, totalCents: orders.totalCents })
      .from(orders)
      .where(and(eq(orders.userId, userId), eq(orders.idempotencyKey, idempotencyKey)))
      .limit(1),
  );
  return row ?? null;
}
