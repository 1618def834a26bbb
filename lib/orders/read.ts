import 'server-only';
import { asc, count, desc, eq } from 'drizzle-orm';
import { requireRole, requireSession, type UserSession } from '../auth/guard';
import { getDb } from '../db/client';
import { orderItems, orders, products, users } from '../db/schema';
import { callDependency, RequestError } from '../errors';
import type { RequestContext } from '../session/current';
import { ORDERS_PAGE_SIZE } from './schemas';
import type { AdminOrderSummary, Order, OrderPage, OrderSummary } from './types';

/*
 * Orders as people read them, straight from PostgreSQL (an order is personal: never in a shared cache).
 * An order is visible to its owner and to admins only; to anyone else it does not exist: the same 404 as
 * an id that was never used, so ids cannot be probed.
 */

export const NO_SUCH_ORDER = 'No such order.';

const summaryColumns = {
  id: orders.id,
  status: orders.status,
  totalCents: orders.totalCents,
  createdAt: orders.createdAt,
};

const toSummary = <T extends { createdAt: Date }>(row: T) => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
});

const isOrderId = (id: number) => Number.isSafeInteger(id) && id > 0;

/** Who may see an order: its owner, and admins. */
const mayRead = (session: UserSession, ownerId: number) =>
  ownerId === session.userId || session.role === 'admin';

/**
 * Whether the signed-in viewer may see order `orderId` (a 401 RequestError when signed out): one row by
 * primary key, not the order's lines. The page gate's question (lib/pages/page-gate.ts), asked before the
 * order page renders; false for someone else's order and for one that does not exist alike.
 */
export async function canReadOrder(ctx: RequestContext, orderId: number): Promise<boolean> {
  const session = await requireSession(ctx);
  if (!isOrderId(orderId)) return false;
  const [order] = await callDependency('postgres', () =>
    getDb().select({ userId: orders.userId }).from(orders).where(eq(orders.id, orderId)).limit(1),
  );
  return order !== undefined && mayRead(session, order.userId);
}

/** One order with its lines, for its owner or an admin; a 404 RequestError for anyone else. */
export async function getOrder(ctx: RequestContext, orderId: number): Promise<Order> {
  // The session's role is PostgreSQL's, read by the guard (lib/auth/rights.ts), not the one it was issued with.
  const session = await requireSession(ctx);
  if (!isOrderId(orderId)) throw new RequestError(404, NO_SUCH_ORDER);
  const db = getDb();
  const [order] = await callDependency('postgres', () =>
    db
      .select({ ...summaryColumns, userId: orders.userId })
      .from(orders)
      .where(eq(orders.id, orderId))
      .limit(1),
  );
  if (!order || !mayRead(session, order.userId)) throw new RequestError(404, NO_SUCH_ORDER);
  const items = await callDependency('postgres', () =>
    db
      .select({
        productId: orderItems.productId,
        slug: products.slug,
        name: orderItems.name,
        quantity: orderItems.quantity,
        unitPriceCents: orderItems.unitPriceCents,
      })
      .from(orderItems)
      .innerJoin(products, eq(products.id, orderItems.productId))
      .where(eq(orderItems.orderId, orderId))
      .orderBy(asc(orderItems.name), asc(orderItems.productId)),
  );
  return {
    id: order.id,
    status: order.status,
    totalCents: order.totalCents,
    createdAt: order.createdAt.toISOString(),
    items,
  };
}

/** The signed-in user's orders, newest first, a page at a time. */
export async function listMyOrders(ctx: RequestContext, page = 1): Promise<OrderPage> {
  const session = await requireSession(ctx);
  const where = eq(orders.userId, session.userId);
  const db = getDb();
  const [rows, [counted]] = await callDependency('postgres', () =>
    Promise.all([
      db
        .select(summaryColumns)
        .from(orders)
        .where(where)
        .orderBy(desc(orders.createdAt), desc(orders.id))
        .limit(ORDERS_PAGE_SIZE)
        .offset((page - 1) * ORDERS_PAGE_SIZE),
      db.select({ total: count() }).from(orders).where(where),
    ]),
  );
  const items: OrderSummary[] = rows.map(toSummary);
  return { items, page, pageSize: ORDERS_PAGE_SIZE, total: counted?.total ?? 0 };
}

/** The latest orders of every shopper, for admins. */
export async function listLatestOrders(ctx: RequestContext, page = 1): Promise<OrderPage<AdminOrderSummary>> {
  await requireRole(ctx, 'admin');
  const db = getDb();
  const [rows, [counted]] = await callDependency('postgres', () =>
    Promise.all([
      db
        .select({
          ...summaryColumns,
          userId: orders.userId,
          userEmail: users.email,
          itemCount: db.$count(orderItems, eq(orderItems.orderId, orders.id)),
        })
        .from(orders)
        .innerJoin(users, eq(users.id, orders.userId))
        .orderBy(desc(orders.createdAt), desc(orders.id))
        .limit(ORDERS_PAGE_SIZE)
        .offset((page - 1) * ORDERS_PAGE_SIZE),
      db.select({ total: count() }).from(orders),
    ]),
  );
  return { items: rows.map(toSummary), page, pageSize: ORDERS_PAGE_SIZE, total: counted?.total ?? 0 };
}
