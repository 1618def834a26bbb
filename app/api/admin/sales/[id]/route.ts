import { NextResponse } from 'next/server';
import { cancelSale } from '@/lib/admin';
import { saleIdParamsSchema } from '@/lib/admin/sales/schemas';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';

/** Cancels a scheduled sale: 204; 409 once it started (or ended, or was cancelled); 404. Admins only. */
export const DELETE = route({ access: 'admin', params: saleIdParamsSchema }, async ({ ctx, params }) => {
  await cancelSale(ctx, params.id);
  return new NextResponse(null, { status: 204 });
});

/** Any other method: 401/403 like the route, then 405 `{error}`. */
export const { GET, POST, PUT, PATCH } = otherMethods('admin', ['DELETE']);
