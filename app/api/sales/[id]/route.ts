import { saleIdParamsSchema } from '@/lib/admin/sales/schemas';
import { RequestError } from '@/lib/errors';
import { route } from '@/lib/http/handler';
import { SALE_CACHE_CONTROL } from '@/lib/http/json';
import { otherMethods } from '@/lib/http/no-such-route';
import { findSale } from '@/lib/sales';

/** The Sale, from this instance's registry (no PostgreSQL); 404 for an unknown or malformed id. */
export const GET = route(
  { access: 'public', params: saleIdParamsSchema, cacheControl: SALE_CACHE_CONTROL },
  async ({ params }) => {
    const sale = params.id > 0 ? await findSale(params.id) : null;
    if (!sale) throw new RequestError(404, 'No such sale.');
    return sale;
  },
);

/** Any other method: 405 `{error}` instead of Next.js's empty 405. */
export const { POST, PUT, PATCH, DELETE } = otherMethods('public', ['GET']);
