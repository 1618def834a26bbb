import { endSale } from '@/lib/admin';
import { saleIdParamsSchema } from '@/lib/admin/sales/schemas';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';

/** Ends a live (or sold-out) sale now; answers the Sale; 409 when it is not live; 404. Admins only. */
export const POST = route({ access: 'admin', params: saleIdParamsSchema }, async ({ ctx, params }) =>
  endSale(ctx, params.id),
);

/** Any other method: 401/403 like the route, then 405 `{error}`. */
export const { GET, PUT, PATCH, DELETE } = otherMethods('admin', ['POST']);
