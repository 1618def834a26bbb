import 'server-only';
import { cacheLife, cacheTag } from 'next/cache';
import { productTag } from '../catalog/cache-keys';
import { isOutage } from '../errors';
import { currentProductSale, toProductSale, type SaleRecord } from '../sales';

/** What a product page renders of its sale: the fixed part only; the live part is the browser's. */
export interface PageSale {
  id: number;
  salePriceCents: number;
  /** The item's units in the sale ("on offer"); what is left comes from the event stream. */
  units: number;
  perCustomerLimit: number;
  startsAt: string;
  endsAt: string;
  /** The sale has a line (a waiting room): the page offers "Join the line". */
  queued: boolean;
}

/** The longest a page showing a sale is kept before it is rendered again: an hour, as the catalog's. */
const LONGEST_KEEP_SECONDS = 3600;

/**
 * The product's sale that has not ended, for the cached product page (null: none), as PostgreSQL says at
 * the render (lib/sales/live-page.ts: the registry may not have read a change yet). Tagged with the
 * product's tag, so the invalidation that a sale's scheduling, cancelling or ending sends for its products
 * drops the page; and kept no later than the sale's end, so even a page nobody invalidated stops showing
 * it then (the browser already does, from the stream).
 */
export async function cachedProductSale(slug: string, productId: number): Promise<PageSale | null> {
  'use cache';
  cacheTag(productTag(slug));
  let record: SaleRecord | undefined;
  try {
    record = await currentProductSale(productId);
  } catch (error) {
    if (!isOutage(error)) throw error;
    // PostgreSQL down before this instance ever read the sales: the page is still rendered from the cached
    // catalog (as without sales), kept a few seconds only, so the sale shows as soon as it can be read.
    cacheLife({ stale: 5, revalidate: 5, expire: 60 });
    return null;
  }
  const sale = record ? toProductSale(record, productId) : null;
  const item = record?.items.find((candidate) => candidate.productId === productId);
  if (!sale || !item) {
    cacheLife('catalog');
    return null;
  }
  const untilEnd = Math.ceil((Date.parse(sale.endsAt) - Date.now()) / 1000);
  cacheLife({ stale: 30, revalidate: Math.max(1, Math.min(LONGEST_KEEP_SECONDS, untilEnd)), expire: 86400 });
  return {
    id: sale.id,
    salePriceCents: sale.salePriceCents,
    units: item.units,
    perCustomerLimit: sale.perCustomerLimit,
    startsAt: sale.startsAt,
    endsAt: sale.endsAt,
    queued: Boolean(record?.queue),
  };
}
