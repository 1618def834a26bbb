import { isOutage } from '../errors';
import type { RequestContext } from '../session/current';
import { getSaleRegistry, NoAdmissionError, saleStatus, type SaleRecord } from '../sales';
import { admissionOf } from './admission';
import { getQueueLines, specOf } from './lines';

/*
 * The line's door (CONTRACT.md, "The line"): from a queued sale's start until it ends, its products are
 * for admitted shoppers only. The product page (proxy.ts, lib/pages/page-gate.ts), the product's JSON and
 * the cart ask the admission cookie alone, in process (./admission.ts): the registry is in memory, so
 * asking whether a product is behind a line costs nothing, and an admitted shopper's browsing costs no
 * Redis command. Checkout also asks Redis once (`confirmAdmission`): an admission used by an order, or
 * ended early, is refused there even while its cookie lives.
 */

/** Whether `record` is a queued sale whose line guards its products at `now`: started, not ended. */
export function guardedByLine(record: SaleRecord, now = Date.now()): boolean {
  return record.queue !== null && now >= record.startsAt.getTime() && saleStatus(record, [], now) !== 'ended';
}

/**
 * The queued sale holding the product with `slug` whose line guards it now, if any (the product page's
 * check: its address names the slug). Undefined too when this instance has never loaded its sales
 * (PostgreSQL away at its first use): then nothing can be bought anyway, checkout needing PostgreSQL.
 */
export async function lineGuardingSlug(slug: string, now = Date.now()): Promise<SaleRecord | undefined> {
  try {
    const records = await getSaleRegistry().list();
    return records.find(
      (record) => guardedByLine(record, now) && record.items.some((item) => item.slug === slug),
    );
  } catch (error) {
    if (!isOutage(error)) throw error;
    return undefined;
  }
}

/**
 * The queued sale holding product `productId` that has not ended (scheduled or running), if any: the
 * product's JSON is kept out of shared caches meanwhile, since from the start it answers per visitor.
 */
export async function queuedSaleOf(productId: number, now = Date.now()): Promise<SaleRecord | undefined> {
  try {
    const record = await getSaleRegistry().forProduct(productId, now);
    return record?.queue ? record : undefined;
  } catch (error) {
    if (!isOutage(error)) throw error;
    return undefined;
  }
}

/** The queued sale holding product `productId` whose line guards it now, if any (its JSON, the cart). */
export async function lineGuardingProduct(
  productId: number,
  now = Date.now(),
): Promise<SaleRecord | undefined> {
  const record = await queuedSaleOf(productId, now);
  return record && guardedByLine(record, now) ? record : undefined;
}

/**
 * Whether the request holds a valid admission to `record`'s sale, for its session (and for `userId`, when
 * the caller knows who is signed in): from the cookies alone, no Redis.
 */
export async function holdsAdmission(
  ctx: Pick<RequestContext, 'cookies' | 'secure'>,
  record: SaleRecord,
  userId?: number | null,
  now = Date.now(),
): Promise<boolean> {
  const admission = await admissionOf(ctx.cookies, ctx.secure, record.id, now);
  if (!admission) return false;
  return userId === undefined || admission.userId === userId;
}

/** Throws the 409 (`{error, queue}`) unless the request holds an admission to `record`'s sale. */
export async function requireAdmission(
  ctx: Pick<RequestContext, 'cookies' | 'secure'>,
  record: SaleRecord,
  userId?: number | null,
  productName?: string,
): Promise<void> {
  if (!(await holdsAdmission(ctx, record, userId))) throw new NoAdmissionError(record.id, productName);
}

/**
 * Checkout's check: the cookie, then Redis once (the line's own record of who holds an admission now).
 * Redis away: the cookie stands (an admitted shopper keeps their admission through an outage).
 */
export async function confirmAdmission(
  ctx: Pick<RequestContext, 'cookies' | 'secure'>,
  record: SaleRecord,
  userId: number,
  productName?: string,
): Promise<void> {
  await requireAdmission(ctx, record, userId, productName);
  let until: number | null;
  try {
    until = await getQueueLines().store.admittedUntil(specOf(record)!, userId);
  } catch (error) {
    if (!isOutage(error)) throw error;
    console.error(
      `queue: admission of user ${userId} to sale ${record.id} taken from its cookie: Redis away`,
    );
    return;
  }
  if (until === null) throw new NoAdmissionError(record.id, productName);
}
