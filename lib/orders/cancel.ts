import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import { requireRole } from '../auth/guard';
import { getDb } from '../db/client';
import { orderAudit, orderItems, orders, products } from '../db/schema';
import { callDependency, RequestError } from '../errors';
import type { RequestContext } from '../session/current';
import { publishProductChange, recordProductChange } from '../catalog/outbox';
import { resetStock } from '../stock';
import { getOrder, NO_SUCH_ORDER } from './read';
import type { Order } from './types';

export const ALREADY_CANCELLED = 'This order is already cancelled.';
export const NOT_CANCELLABLE = 'Only a placed order can be cancelled.';

/**
 * An admin cancels a placed order: in one transaction its status becomes `cancelled`, its units go back to
 * stock (products locked in id order, as checkout locks them) and the change is audited; then, after the
 * commit, the stock gate of each product is reset so it re-reads the units from PostgreSQL, and the cached
 * pages showing the products are dropped.
 * 409 when the order is not `placed`; 404 when there is no such order.
 */
export async function cancelOrder(ctx: RequestContext, orderId: number): Promise<Order> {
  const admin = await requireRole(ctx, 'admin');
  if (!Number.isSafeInteger(orderId) || orderId <= 0) throw new RequestError(404, NO_SUCH_ORDER);
  const cancelled = await callDependency('postgres', () =>
    getDb().transaction(async (tx) => {
      const [order] = await tx
        .select({ status: orders.status })
        .from(orders)
        .where(eq(orders.id, orderId))
        .for('update');
      if (!order) throw new RequestError(404, NO_SUCH_ORDER);
      if (order.status === 'cancelled') throw new RequestError(409, ALREADY_CANCELLED);
      if (order.status !== 'placed') throw new RequestError(409, NOT_CANCELLABLE);
      const items = await tx
        .select({ productId: orderItems.productId, quantity: orderItems.quantity, slug: products.slug })
        .from(orderItems)
        .innerJoin(products, eq(products.id, orderItems.productId))
        .where(eq(orderItems.orderId, orderId))
        .orderBy(asc(orderItems.productId));
      for (const { productId, quantity } of items) {
        await tx
          .update(products)
          .set({ stock: sql`${products.stock} + ${quantity}` })
          .where(eq(products.id, productId));
      }
      await tx.update(orders).set({ status: 'cancelled' }).where(eq(orders.id, orderId));
      await tx.insert(orderAudit).values({
        orderId,
        adminUserId: admin.userId,
        action: 'cancel',
        fromStatus: 'placed',
        toStatus: 'cancelled',
      });
      const slugs = items.map((item) => item.slug);
      return { items, slugs, change: await recordProductChange(tx, slugs) };
    }),
  );
  // PostgreSQL first, then the gate and the pages' own copy of the stock, which it no longer matches.
  await resetStock(cancelled.items.map((item) => item.productId));
  await publishProductChange(cancelled.change, cancelled.slugs);
  return getOrder(ctx, orderId);
}
