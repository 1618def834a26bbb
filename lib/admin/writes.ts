import 'server-only';
import { and, eq, like, or, sql } from 'drizzle-orm';
import { publishProductChange, recordProductChange } from '../catalog/outbox';
import { resetStock } from '../stock';
import { getDb } from '../db/client';
import { products } from '../db/schema';
import {
  callDependency,
  FOREIGN_KEY_VIOLATION,
  pgErrorCode,
  RequestError,
  UNIQUE_VIOLATION,
} from '../errors';
import type { RequestContext } from '../session/current';
import { recordAudit, snapshotOf, type Transaction } from './audit';
import { requireAdmin } from './authorize';
import { categoryIdFor, readProduct } from './rows';
import { STALE_PRODUCT_MESSAGE, type ProductCreateInput, type ProductPatchInput } from './schemas';
import { firstFreeSlug, slugify } from './slug';
import type { AdminProduct } from './types';

/*
 * The admin's writes. Each one: check the caller is an admin; in ONE transaction change the row, write
 * its audit entry and record the cache invalidation it needs (the outbox, lib/catalog/outbox.ts); only
 * after the commit, apply it (the pages of every slug involved and of the products that show them, the
 * listing and home namespaces, every instance's in-process copy via the bus) and reset the stock gate of
 * a product whose stock changed. A crash before that step is covered: any instance applies the recorded
 * invalidation a few seconds later. Invalidating after the commit,
 * through the engine's generation-checked invalidation, means no load that read the old row — even one
 * still running — can put it back in the cache.
 */

/** Someone saved the product after the version this edit was based on: 409 with the current version. */
export class StaleProductError extends RequestError {
  constructor(readonly currentVersion: number) {
    super(409, STALE_PRODUCT_MESSAGE, { version: STALE_PRODUCT_MESSAGE }, undefined, { currentVersion });
    this.name = 'StaleProductError';
  }
}

export const SLUG_TAKEN = 'Another product already uses this slug.';
export const HAS_ORDERS =
  'This product appears in orders, so it cannot be deleted (the orders must keep it). Set its stock to 0 to stop selling it.';
const NOT_FOUND = 'No such product.';

function slugTaken(error: unknown): RequestError | undefined {
  if (pgErrorCode(error) !== UNIQUE_VIOLATION) return undefined;
  return new RequestError(409, SLUG_TAKEN, { slug: SLUG_TAKEN });
}

/** The first free slug made from the product's name ("kettle", "kettle-2", …). */
async function derivedSlug(tx: Transaction, name: string): Promise<string> {
  const base = slugify(name);
  const rows = await tx
    .select({ slug: products.slug })
    .from(products)
    .where(or(eq(products.slug, base), like(products.slug, `${base}-%`)));
  return firstFreeSlug(base, new Set(rows.map((row) => row.slug)));
}

/** A new product (201 on the API). A taken slug is a field error; a derived one is made unique. */
/**
 * A saved product. `cacheRefreshPending`: the cache could not be told yet (Redis away); the recorded
 * invalidation reaches it as soon as it is back (lib/catalog/outbox.ts), and the admin is told so.
 */
export type SavedProduct = AdminProduct & { cacheRefreshPending?: true };

const withRefresh = (product: AdminProduct, reached: boolean): SavedProduct =>
  reached ? product : { ...product, cacheRefreshPending: true };

export async function createProduct(ctx: RequestContext, input: ProductCreateInput): Promise<SavedProduct> {
  const actor = await requireAdmin(ctx);
  // Two admins creating "Kettle" at once may derive the same slug: the loser tries again.
  for (let attempt = 1; ; attempt += 1) {
    try {
      const created = await callDependency('postgres', () =>
        getDb().transaction(async (tx) => {
          const categoryId = await categoryIdFor(tx, input.category);
          const slug = input.slug ?? (await derivedSlug(tx, input.name));
          const [row] = await tx
            .insert(products)
            .values({
              slug,
              name: input.name,
              description: input.description,
              priceCents: input.priceCents,
              stock: input.stock,
              categoryId,
              imageUrl: input.imageUrl ?? null,
            })
            .returning({ id: products.id })
            .catch((error: unknown) => {
              throw slugTaken(error) ?? error;
            });
          const product = row && (await readProduct(tx, row.id));
          if (!product) throw new Error('insert into products returned no row');
          await recordAudit(tx, actor, 'create', product.id, null, snapshotOf(product));
          return { product, change: await recordProductChange(tx, [product.slug]) };
        }),
      );
      // Drops the "no such product" the slug may have been remembered as, and the lists that will show it.
      return withRefresh(created.product, await publishProductChange(created.change, [created.product.slug]));
    } catch (error) {
      const derived = input.slug === undefined;
      if (!(derived && error instanceof RequestError && error.fields?.slug && attempt < 3)) throw error;
    }
  }
}

/** The changed columns of a patch (those whose value differs from the row's). */
function changedColumns(before: AdminProduct, patch: ProductPatchInput) {
  const changes: Partial<Record<keyof ProductPatchInput, unknown>> = {};
  for (const [field, value] of Object.entries(patch) as [keyof ProductPatchInput, unknown][]) {
    if (value !== undefined && value !== before[field]) changes[field] = value;
  }
  return changes as Partial<ProductPatchInput>;
}

/**
 * Applies `patch` to product `id`. With `expectedVersion` (the version the admin's form was opened on),
 * a product saved by someone else since is refused with a StaleProductError (409) instead of overwritten.
 * A patch that changes nothing writes nothing.
 */
export async function updateProduct(
  ctx: RequestContext,
  id: number,
  patch: ProductPatchInput,
  expectedVersion?: number,
): Promise<SavedProduct> {
  const actor = await requireAdmin(ctx);
  const result = await callDependency('postgres', () =>
    getDb().transaction(async (tx) => {
      // The row lock makes a concurrent save wait for this one, then see its new version.
      const before = await readProduct(tx, id, { forUpdate: true });
      if (!before) throw new RequestError(404, NOT_FOUND);
      if (expectedVersion !== undefined && expectedVersion !== before.version) {
        throw new StaleProductError(before.version);
      }
      const { category, ...columns } = changedColumns(before, patch);
      if (category === undefined && Object.keys(columns).length === 0) {
        return { before, after: before, change: null };
      }
      const categoryId = category === undefined ? undefined : await categoryIdFor(tx, category);
      const updated = await tx
        .update(products)
        .set({ ...columns, categoryId, version: sql`${products.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(products.id, id), eq(products.version, before.version)))
        .returning({ id: products.id })
        .catch((error: unknown) => {
          throw slugTaken(error) ?? error;
        });
      // Cannot happen under the row lock; kept so the version predicate alone would still be safe.
      if (updated.length === 0) throw new StaleProductError((await readProduct(tx, id))?.version ?? 0);
      const after = await readProduct(tx, id);
      if (!after) throw new Error('updated product vanished');
      await recordAudit(tx, actor, 'update', id, snapshotOf(before), snapshotOf(after));
      return { before, after, change: await recordProductChange(tx, [before.slug, after.slug]) };
    }),
  );
  const { before, after, change } = result;
  if (change === null) return after;
  const reached = await publishProductChange(change, [...new Set([before.slug, after.slug])]);
  // The stock gate re-reads a changed stock from PostgreSQL on its next use (checkout, the stock line).
  if (after.stock !== before.stock) await resetStock([id]);
  return withRefresh(after, reached);
}

/**
 * Deletes product `id` (its reviews go with it). A product that appears in orders is refused with a 409:
 * order lines reference it, and an order must keep showing what was bought.
 */
export async function deleteProduct(
  ctx: RequestContext,
  id: number,
  expectedVersion?: number,
): Promise<void> {
  const actor = await requireAdmin(ctx);
  const before = await callDependency('postgres', () =>
    getDb().transaction(async (tx) => {
      const product = await readProduct(tx, id, { forUpdate: true });
      if (!product) throw new RequestError(404, NOT_FOUND);
      if (expectedVersion !== undefined && expectedVersion !== product.version) {
        throw new StaleProductError(product.version);
      }
      await tx
        .delete(products)
        .where(eq(products.id, id))
        .catch((error: unknown) => {
          if (pgErrorCode(error) === FOREIGN_KEY_VIOLATION) throw new RequestError(409, HAS_ORDERS);
          throw error;
        });
      await recordAudit(tx, actor, 'delete', id, snapshotOf(product), null);
      return { product, change: await recordProductChange(tx, [product.slug]) };
    }),
  );
  await publishProductChange(before.change, [before.product.slug]);
  await resetStock([id]);
}
