import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb, getSql, pgArray } from '../db/client';
import { orders } from '../db/schema';
import { callDependency, pgErrorCode, RequestError, UNIQUE_VIOLATION } from '../errors';
import { NotStartedError, OverLimitError } from '../sales';
import type { StockLine } from '../stock/gate';
import type { CheckoutAnswer } from './types';

/*
 * The sale itself, in PostgreSQL, the truth: one call of `place_order` (drizzle/0006_order_total_bigint.sql,
 * first written in 0004), one statement and so one transaction:
 *   1. an order already placed with this key answers again (a replay writes nothing);
 *   2. each line's product, in product-id order (so two checkouts never wait on each other in a cycle),
 *      is decremented by a conditional update (`stock >= quantity`), which locks the row: of two checkouts
 *      racing for the last unit, the second waits, re-reads and finds too little. The CHECK constraint
 *      (stock >= 0) is the last line of defence;
 *   3. when the shopper sent the total they saw, the total at the prices just read (under the row locks, so
 *      the very prices charged) must equal it;
 *   4. the order and its lines are inserted with the names and prices read from PostgreSQL there, never
 *      from the cache or the client. The total is a bigint: no cart the caps allow can overflow it.
 * Any line that cannot be filled, or a total that moved, fails the statement: nothing is written. Done in one round trip because
 * in a flash sale every winner queues on the same row: a lock held across several round trips to a busy
 * Node.js process let winners wait past the statement timeout (measured: a third of them, answered 503).
 */

// The sale's refusals live in lib/sales (the cart throws them too); place_order's codes map onto them here.
export { NotStartedError, OverLimitError };

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

/** The cart costs something else now than the total the shopper saw (and confirmed). */
export class TotalChangedError extends RequestError {
  constructor(readonly totalCents: number) {
    super(
      409,
      'Prices changed since you saw your cart: check the new total and place the order again.',
      undefined,
      undefined,
      { totalCents },
    );
    this.name = 'TotalChangedError';
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
  expectedTotalCents: number | null = null,
): Promise<PlacedOrder> {
  const sorted = [...lines].sort((a, b) => a.productId - b.productId);
  const ids = sorted.map((line) => line.productId);
  const quantities = sorted.map((line) => line.quantity);
  try {
    // bigints come back as text (postgres.js); every total the caps allow is exact as a number.
    const [row] = await callDependency(
      'postgres',
      () => getSql()<Array<{ orderId: string; totalCents: string; replayed: boolean }>>`
        select order_id as "orderId", total_cents as "totalCents", replayed
        from place_order(${userId}, ${idempotencyKey}, ${pgArray(ids)}::int[], ${pgArray(quantities)}::int[],
                         ${expectedTotalCents}::bigint)`,
    );
    if (!row) throw new Error('place_order returned no row');
    return { orderId: Number(row.orderId), totalCents: Number(row.totalCents), replayed: row.replayed };
  } catch (error) {
    const code = pgErrorCode(error);
    if (code === OUT_OF_STOCK) throw outOfStock(error);
    if (code === NOT_STARTED) throw notStarted(error);
    if (code === OVER_LIMIT) throw overLimit(error);
    if (code === TOTAL_CHANGED) throw new TotalChangedError(Number((error as { detail?: string }).detail));
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
/** place_order's other refusal: the total at current prices (in DETAIL) is not the one expected. */
const TOTAL_CHANGED = 'SFTOT';

/** place_order's refusal of a sale not started: the product's name, its id in DETAIL, the start (ms) in HINT. */
const NOT_STARTED = 'SFNST';
/** place_order's refusal past a sale's limit: the product's name, its id in DETAIL, "<limit>,<bought>" in HINT. */
const OVER_LIMIT = 'SFLIM';

function notStarted(error: unknown): NotStartedError {
  const { message, detail, hint } = error as { message?: string; detail?: string; hint?: string };
  return new NotStartedError(Number(detail), new Date(Number(hint)), message || undefined);
}

function overLimit(error: unknown): OverLimitError {
  const { message, detail, hint } = error as { message?: string; detail?: string; hint?: string };
  const [limit, bought] = String(hint).split(',').map(Number);
  return new OverLimitError(Number(detail), limit ?? 0, bought ?? 0, message || undefined);
}

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
