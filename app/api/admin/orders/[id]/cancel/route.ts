import { cancelOrder } from '@/lib/orders';
import { route } from '@/lib/http/handler';
import { orderIdParamsSchema } from '@/lib/orders/schemas';

/** Admins only: a placed order becomes `cancelled` and its units go back to stock; answers the order; 409 when not placed. */
export const POST = route({ access: 'admin', params: orderIdParamsSchema }, async ({ ctx, params }) =>
  cancelOrder(ctx, params.id),
);
