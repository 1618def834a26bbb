import { listMyOrders } from '@/lib/orders';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';
import { ordersQuerySchema } from '@/lib/orders/schemas';

/** The signed-in user's orders, newest first: `{items: [{id, status, totalCents, createdAt}], page, pageSize, total}`. */
export const GET = route({ access: 'user', query: ordersQuerySchema }, async ({ ctx, query }) =>
  listMyOrders(ctx, query.page),
);

/** Any other method: 405 `{error}` (after the route's own sign-in check) instead of Next.js's empty 405. */
export const { POST, PUT, PATCH, DELETE } = otherMethods('user', ['GET']);
