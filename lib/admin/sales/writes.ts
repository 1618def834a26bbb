import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { publishProductChange, recordProductChange } from '../../catalog/outbox';
import { getDb } from '../../db/client';
import { products, saleAudit, saleItems, sales } from '../../db/schema';
import { callDependency, isOutage, RequestError } from '../../errors';
import { getSaleRegistry, publishSaleChange, resetSaleGate, toSale, type Sale } from '../../sales';
import type { RequestContext } from '../../session/current';
import { resetStock } from '../../stock';
import type { Transaction } from '../audit';
import { requireAdmin, type AdminActor } from '../authorize';
import { readSaleRecord } from './rows';
import type { SaleCreateInput, SaleItemInput } from './schemas';

/*
 * The admin's sale writes: schedule, cancel, end now. Each one, like the product writes (../writes.ts):
 * check the caller is an admin; in ONE transaction lock what it decides on, change the sale, write its
 * audit row (sale_audit: who, what, the sale as JSON after) and record the invalidation of the pages that
 * show its products (the outbox, lib/catalog/outbox.ts); only after the commit apply that invalidation,
 * reset the stock gate (end now), publish the change on the sales channel (every instance's registry
 * reloads the sale) and reload this instance's registry at once, so its next answer already knows.
 *
 * The products' rows are locked first, in id order, as checkout's place_order locks them: so two creates of
 * one product take turns (the second sees the first's sale: 409), and an end or a cancel never interleaves
 * with a checkout of the sale's products (that checkout either committed before, or runs after and sees
 * the sale over). Times are PostgreSQL's clock (clock_timestamp(), read after the locks).
 */

export const NO_SUCH_SALE = 'No such sale.';

type SaleAction = 'create' | 'cancel' | 'end';

interface Committed {
  sale: Sale;
  saleId: number;
  productIds: number[];
  slugs: string[];
  change: number;
}

/** A product's row as the checks need it. */
interface LockedProduct {
  id: number;
  slug: string;
  priceCents: number;
  stock: number;
}

async function lockProducts(tx: Transaction, ids: readonly number[]): Promise<LockedProduct[]> {
  return tx
    .select({ id: products.id, slug: products.slug, priceCents: products.priceCents, stock: products.stock })
    .from(products)
    .where(inArray(products.id, [...ids]))
    .orderBy(asc(products.id))
    .for('update');
}

/** What only PostgreSQL knows: each product exists, the price is within its regular one, the units within its stock. */
function checkItems(items: readonly SaleItemInput[], locked: readonly LockedProduct[]): void {
  const byId = new Map(locked.map((product) => [product.id, product]));
  const fields: Record<string, string> = {};
  items.forEach((item, index) => {
    const product = byId.get(item.productId);
    if (!product) {
      fields[`items.${index}.productId`] = 'No such product.';
      return;
    }
    if (item.salePriceCents > product.priceCents) {
      fields[`items.${index}.salePriceCents`] =
        `The sale price must be at most the regular price (${product.priceCents} cents).`;
    }
    if (item.units > product.stock) {
      fields[`items.${index}.units`] =
        `Only ${product.stock} in stock: the sale cannot offer more than the product has.`;
    }
  });
  if (Object.keys(fields).length > 0) throw new RequestError(400, 'Some fields are not valid', fields);
}

/** A product already in a sale that has not ended (not cancelled, not ended by an admin, not past its end). */
async function refuseOverlap(tx: Transaction, productIds: readonly number[]): Promise<void> {
  const [busy] = await tx
    .select({ saleId: sales.id, productId: saleItems.productId })
    .from(saleItems)
    .innerJoin(sales, eq(sales.id, saleItems.saleId))
    .where(
      and(
        inArray(saleItems.productId, [...productIds]),
        isNull(sales.cancelledAt),
        isNull(sales.endedAt),
        gt(sales.endsAt, sql`clock_timestamp()`),
      ),
    )
    .limit(1);
  if (busy) {
    throw new RequestError(
      409,
      `Product ${busy.productId} is already in sale ${busy.saleId}, which has not ended: a product is in one sale at a time.`,
      undefined,
      undefined,
      busy,
    );
  }
}

/** The end of every write's transaction: the sale as committed, its audit row, its pages' invalidation. */
async function audited(
  tx: Transaction,
  actor: AdminActor,
  action: SaleAction,
  saleId: number,
): Promise<Committed> {
  const record = await readSaleRecord(tx, saleId);
  if (!record) throw new Error(`sale ${saleId} vanished inside its own transaction`);
  const sale = toSale(record);
  const after = {
    ...sale,
    endedAt: record.endedAt?.toISOString() ?? null,
    cancelledAt: record.cancelledAt?.toISOString() ?? null,
  };
  await tx.insert(saleAudit).values({ adminUserId: actor.userId, action, saleId, after });
  const slugs = record.items.map((item) => item.slug);
  return {
    sale,
    saleId,
    productIds: record.items.map((item) => item.productId),
    slugs,
    change: await recordProductChange(tx, slugs),
  };
}

/**
 * After the commit: the gate (end now), every instance's registry, this instance's at once, and only then
 * the pages: a page re-rendered after its invalidation reads a registry that already knows the change.
 */
async function announce(committed: Committed, action: SaleAction): Promise<void> {
  // The sale's end gives the products their regular stock back: the gate re-reads it from PostgreSQL, and
  // the sale's own gate (its units and allowances) is dropped rather than left to expire.
  if (action === 'end') {
    await resetStock(committed.productIds);
    await resetSaleGate(committed.saleId, committed.productIds);
  }
  await publishSaleChange(committed.saleId);
  await getSaleRegistry()
    .reload(committed.saleId)
    .catch((error: unknown) => {
      // The published change (or the 15 s reload) brings it; the write itself is committed.
      if (!isOutage(error)) throw error;
      console.error(`sales: registry not reloaded: ${error instanceof Error ? error.message : error}`);
    });
  await publishProductChange(committed.change, committed.slugs);
}

/** Schedules a sale (201 on the API): 400 with `fields` for what PostgreSQL refuses, 409 on an overlap. */
export async function createSale(ctx: RequestContext, input: SaleCreateInput): Promise<Sale> {
  const actor = await requireAdmin(ctx);
  const committed = await callDependency('postgres', () =>
    getDb().transaction(async (tx) => {
      const productIds = [...new Set(input.items.map((item) => item.productId))].sort((a, b) => a - b);
      checkItems(input.items, await lockProducts(tx, productIds));
      await refuseOverlap(tx, productIds);
      const [row] = await tx
        .insert(sales)
        .values({
          name: input.name,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          createdBy: actor.userId,
          queueActiveShoppers: input.queue?.activeShoppers ?? null,
          queueAdmissionMinutes: input.queue?.admissionMinutes ?? null,
          // The line's order comes from this seed (CONTRACT.md, "The line"): secret until the start.
          queueSeed: input.queue ? randomBytes(32).toString('hex') : null,
        })
        .returning({ id: sales.id });
      if (!row) throw new Error('insert into sales returned no row');
      await tx.insert(saleItems).values(
        input.items.map((item) => ({
          saleId: row.id,
          productId: item.productId,
          salePriceCents: item.salePriceCents,
          units: item.units,
          perCustomerLimit: item.perCustomerLimit,
        })),
      );
      return audited(tx, actor, 'create', row.id);
    }),
  );
  await announce(committed, 'create');
  return committed.sale;
}

/** The sale's products, locked, then the sale's row with what the rules ask of the clock. */
async function lockSale(tx: Transaction, saleId: number) {
  const items = await tx
    .select({ productId: saleItems.productId })
    .from(saleItems)
    .where(eq(saleItems.saleId, saleId));
  await lockProducts(
    tx,
    items.map((item) => item.productId).sort((a, b) => a - b),
  );
  const [sale] = await tx
    .select({
      cancelled: sql<boolean>`${sales.cancelledAt} is not null`,
      ended: sql<boolean>`${sales.endedAt} is not null or ${sales.endsAt} <= clock_timestamp()`,
      started: sql<boolean>`${sales.startsAt} <= clock_timestamp()`,
    })
    .from(sales)
    .where(eq(sales.id, saleId))
    .for('update');
  if (!sale) throw new RequestError(404, NO_SUCH_SALE);
  return sale;
}

/** Calls off a scheduled sale (204 on the API); 409 once it started, ended or was cancelled; 404 unknown. */
export async function cancelSale(ctx: RequestContext, saleId: number): Promise<Sale> {
  const actor = await requireAdmin(ctx);
  if (!Number.isSafeInteger(saleId) || saleId <= 0) throw new RequestError(404, NO_SUCH_SALE);
  const committed = await callDependency('postgres', () =>
    getDb().transaction(async (tx) => {
      const sale = await lockSale(tx, saleId);
      if (sale.cancelled) throw new RequestError(409, 'This sale is already cancelled.');
      if (sale.ended) throw new RequestError(409, 'This sale has ended: it cannot be cancelled.');
      if (sale.started) {
        throw new RequestError(409, 'This sale has started: it cannot be cancelled (end it instead).');
      }
      await tx
        .update(sales)
        .set({ cancelledAt: sql`clock_timestamp()` })
        .where(eq(sales.id, saleId));
      return audited(tx, actor, 'cancel', saleId);
    }),
  );
  await announce(committed, 'cancel');
  return committed.sale;
}

/** Ends a live (or sold-out) sale now and answers it; 409 when it is not live; 404 unknown. */
export async function endSale(ctx: RequestContext, saleId: number): Promise<Sale> {
  const actor = await requireAdmin(ctx);
  if (!Number.isSafeInteger(saleId) || saleId <= 0) throw new RequestError(404, NO_SUCH_SALE);
  const committed = await callDependency('postgres', () =>
    getDb().transaction(async (tx) => {
      const sale = await lockSale(tx, saleId);
      if (sale.cancelled) throw new RequestError(409, 'This sale was cancelled: it never ran.');
      if (sale.ended) throw new RequestError(409, 'This sale has already ended.');
      if (!sale.started) {
        throw new RequestError(409, 'This sale has not started: cancel it instead.');
      }
      await tx
        .update(sales)
        .set({ endedAt: sql`clock_timestamp()` })
        .where(eq(sales.id, saleId));
      return audited(tx, actor, 'end', saleId);
    }),
  );
  await announce(committed, 'end');
  return committed.sale;
}
