import { NextResponse } from 'next/server';
import { z } from 'zod';
import { deleteProduct, updateProduct } from '@/lib/admin';
import {
  ADMIN_BODY_LIMIT_BYTES,
  productIdParamsSchema,
  productPatchSchema,
  versionText,
} from '@/lib/admin/schemas';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';

/**
 * Any of `{name, description, priceCents, stock, category, slug, imageUrl}`, plus the `version` it was
 * based on (optional; when stale → 409 with `currentVersion`). Answers the product. Admins only.
 */
export const PATCH = route(
  {
    access: 'admin',
    params: productIdParamsSchema,
    body: productPatchSchema,
    bodyLimit: ADMIN_BODY_LIMIT_BYTES,
  },
  async ({ ctx, params, body: { version, ...patch } }) => updateProduct(ctx, params.id, patch, version),
);

const deleteQuerySchema = z.object({ version: versionText.optional() });

/** 204. `?version=N` makes it conditional (409 when stale); a product in orders is a 409. Admins only. */
export const DELETE = route(
  { access: 'admin', params: productIdParamsSchema, query: deleteQuerySchema },
  async ({ ctx, params, query }) => {
    await deleteProduct(ctx, params.id, query.version);
    return new NextResponse(null, { status: 204 });
  },
);

/** Any other method: 401/403 like the route, then 405 `{error}`. */
export const { GET, POST, PUT } = otherMethods('admin', ['PATCH', 'DELETE']);
