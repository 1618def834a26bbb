import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, type Database } from '../db/client';
import { adminAudit, users } from '../db/schema';
import { callDependency } from '../errors';
import type { RequestContext } from '../session/current';
import { requireAdmin, type AdminActor } from './authorize';
import type { AdminProduct, AuditAction, AuditEntry, FieldChange, ProductSnapshot } from './types';

/*
 * The audit trail: one row per admin write, inserted by the write's own transaction (so there is never a
 * change without its row, nor a row for a change that rolled back), read back for the edit page.
 */

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export function snapshotOf(product: AdminProduct): ProductSnapshot {
  const { slug, name, description, priceCents, stock, category, imageUrl, version } = product;
  return { slug, name, description, priceCents, stock, category, imageUrl, version };
}

export async function recordAudit(
  tx: Transaction,
  actor: AdminActor,
  action: AuditAction,
  productId: number,
  before: ProductSnapshot | null,
  after: ProductSnapshot | null,
): Promise<void> {
  await tx.insert(adminAudit).values({ adminUserId: actor.userId, action, productId, before, after });
}

// The order the edit page lists changed fields in. `version` changes with every write: not news.
const SHOWN_FIELDS = ['name', 'slug', 'priceCents', 'stock', 'category', 'description', 'imageUrl'] as const;

/** The fields that differ (all of them, for a create or a delete, where one side is null). */
function changesBetween(
  before: Partial<ProductSnapshot> | null,
  after: Partial<ProductSnapshot> | null,
): FieldChange[] {
  return SHOWN_FIELDS.flatMap((field) => {
    const was = before?.[field] ?? null;
    const now = after?.[field] ?? null;
    if (before && after && was === now) return [];
    return [{ field, before: was, after: now }];
  });
}

// Rows written by an older shape of the snapshot still show what they can.
const storedSnapshot = z
  .object({
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    priceCents: z.number(),
    stock: z.number(),
    category: z.string(),
    imageUrl: z.string().nullable(),
    version: z.number(),
  })
  .partial();

function readSnapshot(value: unknown): Partial<ProductSnapshot> | null {
  if (value === null || value === undefined) return null;
  const parsed = storedSnapshot.safeParse(value);
  return parsed.success ? parsed.data : {};
}

const entryColumns = {
  id: adminAudit.id,
  action: adminAudit.action,
  productId: adminAudit.productId,
  before: adminAudit.before,
  after: adminAudit.after,
  at: adminAudit.createdAt,
  adminId: users.id,
  adminName: users.name,
  adminEmail: users.email,
};

const selectEntries = () =>
  getDb()
    .select(entryColumns)
    .from(adminAudit)
    .innerJoin(users, eq(users.id, adminAudit.adminUserId))
    .$dynamic();

type EntryRow = Awaited<ReturnType<typeof selectEntries>>[number];

function toEntry(row: EntryRow): AuditEntry {
  const before = readSnapshot(row.before);
  const after = readSnapshot(row.after);
  return {
    id: row.id,
    action: row.action,
    productId: row.productId,
    productName: after?.name ?? before?.name ?? `#${row.productId}`,
    at: row.at.toISOString(),
    admin: { id: row.adminId, name: row.adminName, email: row.adminEmail },
    changes: changesBetween(before, after),
  };
}

/** A product's history, newest first (the edit page shows it). */
export async function listProductAudit(
  ctx: RequestContext,
  productId: number,
  limit = 20,
): Promise<AuditEntry[]> {
  await requireAdmin(ctx);
  const rows = await callDependency('postgres', () =>
    selectEntries()
      .where(eq(adminAudit.productId, productId))
      .orderBy(desc(adminAudit.createdAt), desc(adminAudit.id))
      .limit(limit),
  );
  return rows.map(toEntry);
}

/** The latest changes across the catalog (the dashboard shows them). */
export async function listRecentAudit(ctx: RequestContext, limit = 10): Promise<AuditEntry[]> {
  await requireAdmin(ctx);
  const rows = await callDependency('postgres', () =>
    selectEntries().orderBy(desc(adminAudit.id)).limit(limit),
  );
  return rows.map(toEntry);
}
