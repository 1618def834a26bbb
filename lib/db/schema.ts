import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** PostgreSQL's full-text document type; drizzle has no built-in for it. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const categories = pgTable('categories', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  position: integer('position').notNull().default(0),
});

export const products = pgTable(
  'products',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    priceCents: integer('price_cents').notNull(),
    stock: integer('stock').notNull().default(0),
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id, { onDelete: 'restrict' }),
    // A path served by this app (the SVG tile route) or null for the generated default.
    imageUrl: text('image_url'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    // Optimistic concurrency: every write bumps it, and an edit based on an older one is refused.
    version: integer('version').notNull().default(1),
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('english', description), 'B')`,
      ),
  },
  (table) => [
    check('products_price_non_negative', sql`${table.priceCents} >= 0`),
    check('products_stock_non_negative', sql`${table.stock} >= 0`),
    // Listing queries: a category's page in each sort order, and the same over the whole catalog.
    index('products_category_id_idx').on(table.categoryId, table.id),
    index('products_category_price_idx').on(table.categoryId, table.priceCents, table.id),
    index('products_category_name_idx').on(table.categoryId, table.name, table.id),
    index('products_price_idx').on(table.priceCents, table.id),
    index('products_name_idx').on(table.name, table.id),
    index('products_search_idx').using('gin', table.search),
  ],
);

export const reviews = pgTable(
  'reviews',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    rating: smallint('rating').notNull(),
    author: text('author').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    check('reviews_rating_range', sql`${table.rating} between 1 and 5`),
    // Serves both the latest-reviews list and the rating summary (an index-only scan over rating).
    index('reviews_product_created_idx').on(table.productId, table.createdAt.desc(), table.rating),
  ],
);

export const userRole = pgEnum('user_role', ['shopper', 'admin']);

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull().unique(),
    passwordHash: text('password_hash').notNull(),
    name: text('name').notNull(),
    role: userRole('role').notNull().default('shopper'),
    // Set: the account can no longer log in and its sessions were ended (lib/auth disableAccount).
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (table) => [check('users_email_lower_case', sql`${table.email} = lower(${table.email})`)],
);

export const orderStatus = pgEnum('order_status', ['placed', 'paid', 'shipped', 'cancelled']);

export const orders = pgTable(
  'orders',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    status: orderStatus('status').notNull().default('placed'),
    totalCents: integer('total_cents').notNull(),
    // A retried checkout with the same key returns the first order instead of placing a second one.
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    check('orders_total_non_negative', sql`${table.totalCents} >= 0`),
    uniqueIndex('orders_user_idempotency_idx').on(table.userId, table.idempotencyKey),
    index('orders_user_created_idx').on(table.userId, table.createdAt.desc()),
  ],
);

export const orderItems = pgTable(
  'order_items',
  {
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    quantity: integer('quantity').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
    name: text('name').notNull(),
  },
  (table) => [
    check('order_items_quantity_positive', sql`${table.quantity} > 0`),
    uniqueIndex('order_items_order_product_idx').on(table.orderId, table.productId),
    index('order_items_product_idx').on(table.productId),
  ],
);

export const adminAuditAction = pgEnum('admin_audit_action', ['create', 'update', 'delete']);

/**
 * Every admin change to the catalog, written in the same transaction as the change itself: who, what,
 * when, and the product as it was before and after (null before a create, null after a delete).
 * `product_id` has no foreign key on purpose: a deleted product's history must outlive it.
 */
export const adminAudit = pgTable(
  'admin_audit',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    adminUserId: integer('admin_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    action: adminAuditAction('action').notNull(),
    productId: integer('product_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    createdAt: createdAt(),
  },
  // The edit page's history: one product's entries, newest first.
  (table) => [index('admin_audit_product_created_idx').on(table.productId, table.createdAt.desc())],
);

export const orderAuditAction = pgEnum('order_audit_action', ['cancel']);

/** Every admin change to an order (a cancellation), written in the same transaction as the change. */
export const orderAudit = pgTable(
  'order_audit',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    adminUserId: integer('admin_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    action: orderAuditAction('action').notNull(),
    fromStatus: orderStatus('from_status').notNull(),
    toStatus: orderStatus('to_status').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('order_audit_order_idx').on(table.orderId, table.createdAt.desc())],
);

/**
 * The cache invalidation outbox: a product change writes the invalidation it needs here, in the change's
 * own transaction, so that a crash (or Redis being away) between the commit and the invalidation cannot
 * leave stale pages until their TTL. The writer deletes the row once the invalidation reached Redis; every
 * instance applies and deletes rows left older than a few seconds (lib/catalog/outbox.ts).
 */
export const cacheInvalidations = pgTable(
  'cache_invalidations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tags: text('tags').array().notNull(),
    namespaces: text('namespaces').array().notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('cache_invalidations_created_idx').on(table.createdAt)],
);
