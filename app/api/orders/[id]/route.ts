import { getOrder } from '@/lib/orders';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';
import { orderIdParamsSchema } from '@/lib/orders/schemas';

/** The order with its lines, to its owner or an admin; 404 to anyone else and for ids never used. */
export const GET = route({ access: 'user', params: orderIdParamsSchema }, async ({ ctx, params }) =>
  getOrder(ctx, params.id),
);

/** Any other method: 405 `{error}` (after the route's own sign-in check) instead of Next.js's empty 405. */
export const { POST, PUT, PATCH, DELETE } = otherMethods('user', ['GET']);
