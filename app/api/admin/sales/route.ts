import { NextResponse } from 'next/server';
import { createSale } from '@/lib/admin';
import { SALE_BODY_LIMIT_BYTES, saleCreateSchema } from '@/lib/admin/sales/schemas';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';

/**
 * `{name, startsAt, endsAt, items: [{productId, salePriceCents, units, perCustomerLimit}], queue?}` → 201
 * with the Sale; 400 with `fields`; 409 when a product is already in a sale that has not ended. Admins only.
 */
export const POST = route(
  { access: 'admin', body: saleCreateSchema, bodyLimit: SALE_BODY_LIMIT_BYTES },
  async ({ ctx, body }) => NextResponse.json(await createSale(ctx, body), { status: 201 }),
);

/** Any other method: 401/403 like the route, then 405 `{error}`. */
export const { GET, PUT, PATCH, DELETE } = otherMethods('admin', ['POST']);
