import { z } from 'zod';
import { getProductDetail } from '@/lib/catalog';
import { RequestError } from '@/lib/errors';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';
import { PUBLIC_CATALOG_CACHE_CONTROL } from '@/lib/http/json';
import { displayStock } from '@/lib/stock';

// Any string: one that cannot be a slug is simply not found (the catalog checks, and caches nothing).
const paramsSchema = z.object({ slug: z.string() });

/** The product's public fields and rating; 404 for an unknown slug. */
export const GET = route(
  { params: paramsSchema, cacheControl: PUBLIC_CATALOG_CACHE_CONTROL },
  async ({ params }) => {
    const product = await getProductDetail(params.slug);
    if (!product) throw new RequestError(404, 'product not found');

    const { id, slug, name, description, priceCents, category, rating } = product;
    // Live, like the product page's stock line; the rest is the cached page data.
    const stock = await displayStock(id, product.stock);
    const { categoryName, imageUrl, version } = product;
    return {
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
    };
  },
);

/** Any other method: 405 `{error}` instead of Next.js's empty 405. */
export const { POST, PUT, PATCH, DELETE } = otherMethods('public', ['GET']);
