import type { SaleRecord } from './load';
import { seedSha256 } from './seed';
import { saleStatus, type LineFront, type ProductSale, type Sale } from './types';

/*
 * A registry record (./load.ts) as the API, the pages and the event streams show it. Units left are
 * PostgreSQL's (units less units sold), as the registry last read them.
 */

const unitsLeft = (item: SaleRecord['items'][number]) => Math.max(0, item.units - item.unitsSold);

/** The sale's status at `now`, from the registry's copy (units left as PostgreSQL last said). */
export function recordStatus(record: SaleRecord, now = Date.now()) {
  return saleStatus(record, record.items.map(unitsLeft), now);
}

/** `line`: where the sale's line stands, as this instance last read it (lib/queue), for a queued sale. */
export function toSale(record: SaleRecord, now = Date.now(), line?: LineFront): Sale {
  const status = saleStatus(record, record.items.map(unitsLeft), now);
  return {
    id: record.id,
    name: record.name,
    status,
    startsAt: record.startsAt.toISOString(),
    endsAt: record.endsAt.toISOString(),
    items: record.items.map((item) => ({
      productId: item.productId,
      slug: item.slug,
      name: item.name,
      priceCents: item.priceCents,
      salePriceCents: item.salePriceCents,
      units: item.units,
      unitsLeft: unitsLeft(item),
      perCustomerLimit: item.perCustomerLimit,
    })),
    queue: record.queue && {
      activeShoppers: record.queue.activeShoppers,
      admissionMinutes: record.queue.admissionMinutes,
      seedSha256: seedSha256(record.queue.seed),
      // The seed orders the line: secret until the start, then published so anyone can check the order.
      seed: now >= record.startsAt.getTime() ? record.queue.seed : null,
      admittedThrough: line?.admittedThrough ?? null,
      waiting: line?.waiting ?? null,
    },
  };
}

/** The `sale` of `GET /api/products/{slug}`: the product's item in a sale that has not ended. */
export function toProductSale(record: SaleRecord, productId: number, now = Date.now()): ProductSale | null {
  const item = record.items.find((candidate) => candidate.productId === productId);
  if (!item) return null;
  return {
    id: record.id,
    status: saleStatus(record, record.items.map(unitsLeft), now),
    salePriceCents: item.salePriceCents,
    startsAt: record.startsAt.toISOString(),
    endsAt: record.endsAt.toISOString(),
    unitsLeft: unitsLeft(item),
    perCustomerLimit: item.perCustomerLimit,
  };
}
