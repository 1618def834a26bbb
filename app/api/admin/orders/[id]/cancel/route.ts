import { cancelOrder } from '@/lib/orders';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';
import { orderIdParamsSchema } from '@/lib/orders/schemas';

/** Admins only: a placed order becomes `cancelled` and its units go back to stock; answers the order; 409 when not placed. */
export const POST = route({ access: 'admin', params: orderIdParamsSchema }, async ({ ctx, params }) =>
  cancelOrder(ctx, params.id),
);

/** Any other method: 401/403 like the route, then 405 `{error}`. */
export const { GET, PUT, PATCH, DELETE } = otherMethods('admin', ['POST']);
