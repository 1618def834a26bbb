import 'server-only';
import { isOutage, RequestError } from '../errors';
import { guardedByLine, holdsAdmission } from '../queue';
import {
  getSaleGate,
  NoAdmissionError,
  NotStartedError,
  OverLimitError,
  productsInSale,
  type ProductInSale,
} from '../sales';
import type { RequestContext } from '../session/current';

/*
 * What a sale allows a cart (CONTRACT.md, "Sales."): nothing before its start (409 with the start); a
 * queued sale's product nothing without an admission to its line (409 with the line's page); while it runs, at most what the shopper may still buy (the limit less what their account bought, across all
 * its orders; for a guest, the limit) and at most the sale's units left; nothing once that allowance is
 * used up (409 with the limit and what was bought). Figures from the sale gate (Redis, seeded from
 * PostgreSQL); with Redis away, the registry's copy and the limit alone: checkout's place_order still
 * keeps every account within the limit.
 */

export interface SaleCap {
  /** The most of the product this cart's line may hold now. */
  cap: number;
  /** Why, when the line has to be lowered to fit. */
  reason: string;
}

/**
 * The sale's cap on a product's line for this user (null: a guest), or null when it is in no sale. `ctx`
 * is the request (its admission cookie, for a queued sale's line); null for none (a login's cart merge).
 */
export async function saleCapOf(
  productId: number,
  userId: number | null,
  ctx: Pick<RequestContext, 'cookies' | 'secure'> | null,
): Promise<SaleCap | null> {
  const found = (await productsInSale([productId])).get(productId);
  if (!found) return null;
  const { sale, item } = found;
  if (found.phase === 'scheduled') throw new NotStartedError(productId, sale.startsAt, item.name);
  // A queued sale's product is for its admitted shoppers only (the cookie, in process: lib/queue).
  if (guardedByLine(sale) && !(ctx && userId !== null && (await holdsAdmission(ctx, sale, userId)))) {
    throw new NoAdmissionError(sale.id, item.name);
  }
  const { unitsLeft, limit, bought } = await allowanceOf(found, userId);
  const allowanceLeft = limit - (userId === null ? 0 : bought);
  if (allowanceLeft <= 0) throw new OverLimitError(productId, limit, bought, item.name);
  if (unitsLeft <= 0) {
    throw new RequestError(409, `${item.name} is sold out.`, undefined, undefined, {
      productId,
      available: 0,
    });
  }
  return allowanceLeft <= unitsLeft
    ? { cap: allowanceLeft, reason: `${item.name} is limited to ${limit} per customer in this sale` }
    : { cap: unitsLeft, reason: `Only ${unitsLeft} of ${item.name} left in the sale` };
}

/** Sale prices: the products among `productIds` whose sale runs now, with the price it sells at. */
export async function salePricesOf(productIds: readonly number[]): Promise<Map<number, number>> {
  const prices = new Map<number, number>();
  for (const [productId, { phase, item }] of await productsInSale(productIds)) {
    if (phase === 'running') prices.set(productId, item.salePriceCents);
  }
  return prices;
}

async function allowanceOf({ sale, item }: ProductInSale, userId: number | null) {
  try {
    const known = await getSaleGate().allowance(sale.id, item.productId, userId);
    if (known) return known;
  } catch (error) {
    if (!isOutage(error)) throw error;
  }
  return {
    unitsLeft: Math.max(0, item.units - item.unitsSold),
    limit: item.perCustomerLimit,
    bought: 0,
  };
}
