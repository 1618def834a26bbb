import { NextResponse } from 'next/server';
import { createProduct } from '@/lib/admin';
import { readAdminBody } from '@/lib/admin/http';
import { productCreateSchema } from '@/lib/admin/schemas';
import { route } from '@/lib/http/handler';

export const dynamic = 'force-dynamic';

/** `{name, description, priceCents, stock, category, slug?, imageUrl?}` → 201 with the product. Admins only. */
export const POST = route({ access: 'admin' }, async ({ request, ctx }) => {
  const input = await readAdminBody(request, productCreateSchema);
  return NextResponse.json(await createProduct(ctx, input), { status: 201 });
});
