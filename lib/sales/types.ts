/*
 * A sale as the API, the pages and the event stream show it (../shared/CONTRACT.md, `Sale`). Times are ISO
 * 8601 UTC strings; prices integer cents.
 */

export type SaleStatus = 'scheduled' | 'live' | 'sold_out' | 'ended';

/** A sale's id as a path writes it ("12"); undefined for anything else, which is simply no such sale. */
export function parseSaleId(text: string): number | undefined {
  return /^[1-9]\d{0,9}$/.test(text) && Number(text) <= 2_147_483_647 ? Number(text) : undefined;
}

export interface SaleItem {
  productId: number;
  slug: string;
  name: string;
  /** The product's regular price. */
  priceCents: number;
  salePriceCents: number;
  units: number;
  unitsLeft: number;
  perCustomerLimit: number;
}

export interface SaleQueue {
  activeShoppers: number;
  admissionMinutes: number;
  /** SHA-256 of the line's 32-byte seed (hex), published from the sale's creation on. */
  seedSha256: string;
  /** The seed (hex), null until the sale starts. */
  seed: string | null;
  /** Places admitted so far ("admitted through place N"), null until the places are drawn at the start. */
  admittedThrough: number | null;
  /** Accounts in line not yet admitted, null until the draw. */
  waiting: number | null;
}

/** Where a sale's line stands: what lib/queue tells the registry, and the event streams show. */
export interface LineFront {
  admittedThrough: number;
  waiting: number;
}

export interface Sale {
  id: number;
  name: string;
  status: SaleStatus;
  startsAt: string;
  endsAt: string;
  items: SaleItem[];
  queue: SaleQueue | null;
}

/** What `GET /api/products/{slug}` carries for the product's sale that has not ended. */
export interface ProductSale {
  id: number;
  status: SaleStatus;
  salePriceCents: number;
  startsAt: string;
  endsAt: string;
  unitsLeft: number;
  perCustomerLimit: number;
}

/** A sale's times as stored (lib/db/schema.ts `sales`). */
export interface SaleTimes {
  startsAt: Date;
  endsAt: Date;
  /** An admin's "End sale now". */
  endedAt: Date | null;
  /** A scheduled sale called off: it never starts. */
  cancelledAt: Date | null;
}

/**
 * A sale's status at `now`: scheduled before its start, ended from its end (or an admin's end), sold out
 * while live with no unit left of any item, else live. A cancelled sale is 'ended' (it is listed nowhere).
 */
export function saleStatus(
  times: SaleTimes,
  unitsLeft: readonly number[],
  now: number = Date.now(),
): SaleStatus {
  if (times.cancelledAt !== null || times.endedAt !== null || now >= times.endsAt.getTime()) return 'ended';
  if (now < times.startsAt.getTime()) return 'scheduled';
  return unitsLeft.length > 0 && unitsLeft.every((left) => left <= 0) ? 'sold_out' : 'live';
}
