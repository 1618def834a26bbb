import 'server-only';
import { cacheLife, cacheTag } from 'next/cache';
import { PAGE_TAGS } from '../catalog/page-tags';
import { listCurrentSales } from '../sales';
import type { Sale } from '../sales/types';

/**
 * The live and upcoming sales as the home page's banner reads them: a `'use cache'` part of the page,
 * tagged as a list of products, so every admin action on a sale (which invalidates its products' pages
 * and every list, lib/admin/sales/writes.ts) drops it with the home page. What the clock changes (a start,
 * an end) the banner works out in the browser, which also asks `GET /api/sales` for the latest.
 */
export async function cachedCurrentSales(): Promise<Sale[]> {
  'use cache';
  cacheLife('catalog');
  cacheTag(PAGE_TAGS.productLists);
  return listCurrentSales();
}
