import { listMyOrders } from '@/lib/orders';
import { route } from '@/lib/http/handler';
import { ordersQuerySchema } from '@/lib/orders/schemas';

/** The signed-in user's orders, newest first: `{items: [{id, status, totalCents, createdAt}], page, pageSize, total}`. */
export const GET = route({ access: 'user', query: ordersQuerySchema }, async ({ ctx, query }) =>
  listMyOrders(ctx, query.page),
);
