import { listProducts, parseListingParams } from '@/lib/catalog';
import { RequestError } from '@/lib/errors';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';
import { PUBLIC_CATALOG_CACHE_CONTROL } from '@/lib/http/json';

/** `?page&pageSize&category&q&sort` → `{items, page, pageSize, total}`; 400 with `fields` on a bad query. */
export const GET = route(
  { access: 'public', cacheControl: PUBLIC_CATALOG_CACHE_CONTROL },
  async ({ request }) => {
    const parsed = parseListingParams(Object.fromEntries(request.nextUrl.searchParams), {
      allowPageSize: true,
    });
    if (!parsed.ok) throw new RequestError(400, parsed.error, parsed.fields);

    const page = await listProducts(parsed.query);
    return {
      items: page.items.map(({ id, slug, name, priceCents, stock, category }) => ({
        id,
        slug,
        name,
        priceCents,
        stock,
        category,
      })),
      page: page.page,
      pageSize: page.pageSize,
      total: page.total,
    };
  },
);

/** Any other method: 405 `{error}` instead of Next.js's empty 405. */
export const { POST, PUT, PATCH, DELETE } = otherMethods('public', ['GET']);
