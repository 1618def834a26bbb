import { ordersQuerySchema } from '@/lib/orders/schemas';

export type SearchParams = Record<string, string | string[] | undefined>;

/** The `?page=` of an order list; anything malformed or out of range reads as the first page. */
export function orderPageParam(params: SearchParams): number {
  const value = Array.isArray(params.page) ? params.page[0] : params.page;
  const parsed = ordersQuerySchema.safeParse({ page: value });
  return (parsed.success && parsed.data.page) || 1;
}

/** The links of an order list's pages: page 1 is the bare path. */
export const orderPageHref =
  (path: string, hash = '') =>
  (page: number) =>
    `${path}${page > 1 ? `?page=${page}` : ''}${hash}`;
