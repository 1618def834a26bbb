import 'server-only';
import { and, eq, gte, sql } from 'drizzle-orm';
import { getDb } from '../db/client';
import { pgErrorCode, UNIQUE_VIOLATION } from '../db/errors';
import { orderItems, orders, products } from '../db/schema';
import { callDependency, RequestError } from '../errors';
import type { StockLine } from '../stock/gate';
import type { CheckoutAnswer } from './types';

/*
 * The sale itself, in PostgreSQL, the truth. One transaction:
 *   1. an order already placed with this key answers again (a replay writes nothing);
 *   2. each line's product, in product-id order (so two checkouts never wait on each other in a cycle),
 *      is decremented by a conditional update (`stock >= quantity`), which locks the row: of two checkouts
 *      racing for the last unit, the second waits, re-reads and finds too little. The CHECK constraint
 *      (stock >= 0) is the last line of defence;
 *   3. the order and its lines are inserted with the names and prices read from PostgreSQL here, never
 *      from the cache or the client.
 * Any line that cannot be filled rolls everything back: nothing is written.
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
  try {
    return await callDependency('postgres', () =>
      getDb().transaction(async (tx) => {
        const placed = await findPlacedOrder(userId, idempotencyKey, tx);
        if (placed) return { ...placed, replayed: true };
        const bought = [];
        for (const { productId, quantity } of [...lines].sort((a, b) => a.productId - b.productId)) {
          const [row] = await tx
            .update(products)
            .set({ stock: sql`${products.stock} - ${quantity}` })
            .where(and(eq(products.id, productId), gte(products.stock, quantity)))
            .returning({ name: products.name, priceCents: products.priceCents });
          if (!row) throw await outOfStock(tx, productId);
          bought.push({ productId, quantity, name: row.name, unitPriceCents: row.priceCents });
        }
        const totalCents = bought.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0);
        const [order] = await tx
          .insert(orders)
          .values({ userId, idempotencyKey, totalCents })
          .returning({ id: orders.id });
        if (!order) throw new Error('insert into orders returned no row');
        await tx.insert(orderItems).values(bought.map((line) => ({ ...line, orderId: order.id })));
        return { orderId: order.id, totalCents, replayed: false };
      }),
    );
  } catch (error) {
    // The same key placed an order in a transaction that committed while ours ran (Redis was away, so the
    // claim could not keep them apart): ours rolled back; answer with theirs.
    if (pgErrorCode(error) !== UNIQUE_VIOLATION) throw error;
    const placed = await callDependency('postgres', () => findPlacedOrder(userId, idempotencyKey));
    if (!placed) throw error;
    return { ...placed, replayed: true };
  }
}

type Reader = Pick<ReturnType<typeof getDb>, 'select'>;

/** The order this user already placed with this key, if any. */
export async function findPlacedOrder(
  userId: number,
  idempotencyKey: string,
  db: Reader = getDb(),
): Promise<CheckoutAnswer | null> {
  const [row] = await db
    .select({ orderId: orders.id, totalCents: orders.totalCents })
    .from(orders)
    .where(and(eq(orders.userId, userId), eq(orders.idempotencyKey, idempotencyKey)))
    .limit(1);
  return row ?? null;
}

async function outOfStock(tx: Reader, productId: number): Promise<OutOfStockError> {
  const [row] = await tx
    .select({ stock: products.stock, name: products.name })
    .from(products)
    .where(eq(products.id, productId));
  return new OutOfStockError(productId, row?.stock ?? 0, row?.name);
}
