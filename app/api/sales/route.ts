import { route } from '@/lib/http/handler';
import { SALE_CACHE_CONTROL } from '@/lib/http/json';
import { otherMethods } from '@/lib/http/no-such-route';
import { listSales } from '@/lib/sales';

/** `{items: [Sale]}`: live, upcoming and ended within 24 h, from this instance's registry (no PostgreSQL). */
export const GET = route({ access: 'public', cacheControl: SALE_CACHE_CONTROL }, async () => ({
  items: await listSales(),
}));

/** Any other method: 405 `{error}` instead of Next.js's empty 405. */
export const { POST, PUT, PATCH, DELETE } = otherMethods('public', ['GET']);
