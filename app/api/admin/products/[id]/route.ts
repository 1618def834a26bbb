import { NextResponse } from 'next/server';
import { z } from 'zod';
import { deleteProduct, updateProduct } from '@/lib/admin';
import { readAdminBody, withStaleAnswer } from '@/lib/admin/http';
import { productIdParamsSchema, productPatchSchema } from '@/lib/admin/schemas';
import { route } from '@/lib/http/handler';
import { parseInput } from '@/lib/http/validation';

export const dynamic = 'force-dynamic';

/**
 * Any of `{name, description, priceCents, stock, category, slug, imageUrl}`, plus the `version` it was
 * based on (optional; when stale → 409 with `currentVersion`). Answers the product. Admins only.
 */
export const PATCH = route(
  { access: 'admin', params: productIdParamsSchema },
  async ({ request, ctx, params }) => {
    const { version, ...patch } = await readAdminBody(request, productPatchSchema);
    return withStaleAnswer(() => updateProduct(ctx, params.id, patch, version));
  },
);

const deleteQuerySchema = z.object({
  version: z
    .string()
    .regex(/^\d{1,9}$/, 'Version must be a whole number.')
    .transform(Number)
    .optional(),
});

/** 204. `?version=N` makes it conditional (409 when stale); a product in orders is a 409. Admins only. */
export const DELETE = route(
  { access: 'admin', params: productIdParamsSchema },
  async ({ request, ctx, params }) => {
    const { version } = parseInput(deleteQuerySchema, {
      version: request.nextUrl.searchParams.get('version') ?? undefined,
    });
    return withStaleAnswer(async () => {
      await deleteProduct(ctx, params.id, version);
      return new NextResponse(null, { status: 204 });
    });
  },
);
