import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getProductDetail } from '@/lib/catalog';
import { RequestError } from '@/lib/errors';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';
import { PRIVATE_CACHE_CONTROL, PUBLIC_CATALOG_CACHE_CONTROL } from '@/lib/http/json';
import { guardedByLine, queuedSaleOf, requireAdmission } from '@/lib/queue';
import { findProductSale } from '@/lib/sales';
import { displayStock } from '@/lib/stock';

// Any string: one that cannot be a slug is simply not found (the catalog checks, and caches nothing).
const paramsSchema = z.object({ slug: z.string() });

/**
 * The product's public fields, rating and `sale` (null, or its sale that has not ended); 404 for an unknown
 * slug; 409 `{error, queue}` for a queued sale's product, from its start, without an admission.
 */
export const GET = route(
  { access: 'public', params: paramsSchema, cacheControl: PUBLIC_CATALOG_CACHE_CONTROL },
  async ({ ctx, params }) => {
    const product = await getProductDetail(params.slug);
    if (!product) throw new RequestError(404, 'product not found');

    const { id, slug, name, description, priceCents, category, rating } = product;
    // A queued sale's product, from its start: for admitted shoppers only (409 `{error, queue}`), from the
    // admission cookie alone. Such answers differ per visitor: none may sit in a shared cache.
    const line = await queuedSaleOf(id);
    if (line && guardedByLine(line)) await requireAdmission(ctx, line, undefined, name);
    // Live, like the product page's stock line; the rest is the cached page data. The sale is this
    // instance's registry's, read per answer (after the cache), so the cached product never freezes it.
    const [stock, sale] = await Promise.all([displayStock(id, product.stock), findProductSale(id)]);
    const { categoryName, imageUrl, version } = product;
    const body = {
      id,
      slug,
      name,
      description,
      priceCents,
      stock,
      category,
      categoryName,
      imageUrl,
      version,
      rating: { average: rating.average, count: rating.count },
      sale,
    };
    return line ? NextResponse.json(body, { headers: { 'Cache-Control': PRIVATE_CACHE_CONTROL } }) : body;
  },
);

/** Any other method: 405 `{error}` instead of Next.js's empty 405. */
export const { POST, PUT, PATCH, DELETE } = otherMethods('public', ['GET']);
