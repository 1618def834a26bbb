/** What the admin pages and JSON routes get back: plain data, safe to hand to client components. */

/** A product as an admin edits it: the row as it is in PostgreSQL now, never a cached copy. */
export interface AdminProduct {
  id: number;
  slug: string;
  name: string;
  description: string;
  priceCents: number;
  stock: number;
  /** The category's slug. */
  category: string;
  categoryName: string;
  /** A path on this site, or null for the generated tile. */
  imageUrl: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One row of the admin product list. */
export type AdminProductRow = Pick<
  AdminProduct,
  'id' | 'slug' | 'name' | 'priceCents' | 'stock' | 'category' | 'version' | 'updatedAt'
>;

export interface AdminProductPage {
  items: AdminProductRow[];
  page: number;
  pageSize: number;
  total: number;
  q: string;
}

/** What the audit trail keeps of a product, before and after a change. */
export interface ProductSnapshot {
  slug: string;
  name: string;
  description: string;
  priceCents: number;
  stock: number;
  category: string;
  imageUrl: string | null;
  version: number;
}

export type AuditAction = 'create' | 'update' | 'delete';

export interface FieldChange {
  field: keyof ProductSnapshot;
  before: string | number | null;
  after: string | number | null;
}

/** One audit entry as the edit page shows it: who, what, when, and the fields that changed. */
export interface AuditEntry {
  id: number;
  action: AuditAction;
  productId: number;
  /** The product's name after the change (before it, for a delete). */
  productName: string;
  at: string;
  admin: { id: number; name: string; email: string };
  changes: FieldChange[];
}

export interface CategoryOption {
  slug: string;
  name: string;
}

export interface AdminOverview {
  products: number;
  outOfStock: number;
  categories: number;
  changesLast24h: number;
}
