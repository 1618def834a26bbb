import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import { requireRole } from '../auth/guard';
import { getDb } from '../db/client';
import { orderAudit, orderItems, orders, products } from '../db/schema';
import { callDependency, RequestError } from '../errors';
import type { RequestContext } from '../session/current';
import { publishProductChange, recordProductChange } from '../catalog/outbox';
import { resetStock } from '../stock';
import { giveBackToSale, reopenSales } from './cancel-sale';
import { getOrder, NO_SUCH_ORDER } from './read';
import type { Order } from './types';

const ALREADY_CANCELLED = 'This order is already cancelled.';
const NOT_CANCELLABLE = 'Only a placed order can be cancelled.';

/**
 * An admin cancels a placed order: in one transaction its status becomes `cancelled`, its units go back to
 * stock (products locked in id order, as checkout locks them), a line bought in a sale gives that sale
 * back its unit and the buyer their allowance (./cancel-sale.ts), and the change is audited; then, after
 * the commit, the stock gate of each product and the sale gate of each sale line are reset so they re-read
 * PostgreSQL, each sale is announced, and the cached pages showing the products are dropped.
 * 409 when the order is not `placed`; 404 when there is no such order.
 */
export async function cancelOrder(ctx: RequestContext, orderId: number): Promise<Order> {
  const admin = await requireRole(ctx, 'admin');
  if (!Number.isSafeInteger(orderId) || orderId <= 0) throw new RequestError(404, NO_SUCH_ORDER);
  const cancelled = await callDependency('postgres', () =>
    getDb().transaction(async (tx) => {
      const [order] = await tx
        .select({ status: orders.status, userId: orders.userId })
        .from(orders)
        .where(eq(orders.id, orderId))
        .for('update');
      if (!order) throw new RequestError(404, NO_SUCH_ORDER);
      if (order.status === 'cancelled') throw new RequestError(409, ALREADY_CANCELLED);
      if (order.status !== 'placed') throw new RequestError(409, NOT_CANCELLABLE);
      const items = await tx
        .select({
          productId: orderItems.productId,
          quantity: orderItems.quantity,
          slug: products.slug,
          saleId: orderItems.saleId,
        })
        .from(orderItems)
        .innerJoin(products, eq(products.id, orderItems.productId))
        .where(eq(orderItems.orderId, orderId))
        .orderBy(asc(orderItems.productId));
      for (const line of items) {
        await tx
          .update(products)
          .set({ stock: sql`${products.stock} + ${line.quantity}` })
          .where(eq(products.id, line.productId));
        // Right after its product, as place_order takes them: the two never wait on each other in a cycle.
        if (line.saleId !== null) await giveBackToSale(tx, order.userId, { ...line, saleId: line.saleId });
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
  // PostgreSQL first, then the gates and the pages' own copy of the stock, which it no longer matches.
  await resetStock(cancelled.items.map((item) => item.productId));
  await reopenSales(cancelled.items);
  await publishProductChange(cancelled.change, cancelled.slugs);
  return getOrder(ctx, orderId);
}
