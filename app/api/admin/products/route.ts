import { NextResponse } from 'next/server';
import { createProduct } from '@/lib/admin';
import { ADMIN_BODY_LIMIT_BYTES, productCreateSchema } from '@/lib/admin/schemas';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';

/** `{name, description, priceCents, stock, category, slug?, imageUrl?}` → 201 with the product. Admins only. */
export const POST = route(
  { access: 'admin', body: productCreateSchema, bodyLimit: ADMIN_BODY_LIMIT_BYTES },
  async ({ ctx, body }) => NextResponse.json(await createProduct(ctx, body), { status: 201 }),
);

/** Any other method: 401/403 like the route, then 405 `{error}`. */
export const { GET, PUT, PATCH, DELETE } = otherMethods('admin', ['POST']);
