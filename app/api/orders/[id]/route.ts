import { getOrder } from '@/lib/orders';
import { route } from '@/lib/http/handler';
import { orderIdParamsSchema } from '@/lib/orders/schemas';

/** The order with its lines, to its owner or an admin; 404 to anyone else and for ids never used. */
export const GET = route({ access: 'user', params: orderIdParamsSchema }, async ({ ctx, params }) =>
  getOrder(ctx, params.id),
);
