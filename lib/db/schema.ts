import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  customType,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
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
    // bigint: 50 lines × 99 units at the highest price ($100,000) is 4.95e10 cents, past a 32-bit integer
    // (and still exact as a JavaScript number, which the mode reads it as).
    totalCents: bigint('total_cents', { mode: 'number' }).notNull(),
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
    // The sale this line was bought in (at its price, counted in its units and the buyer's allowance), or
    // null: a cancellation gives the sale back its units and the buyer their allowance.
    saleId: integer('sale_id').references(() => sales.id, { onDelete: 'restrict' }),
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

/**
 * A sale (a drop): from `starts_at` to `ends_at` its items sell only at their sale price, only their units,
 * and at most `per_customer_limit` of each to one account across all its orders. Whether a sale is
 * scheduled, live or over is read from the clock and these columns (lib/sales/status.ts): `ended_at` is an
 * admin's "End sale now", `cancelled_at` a scheduled sale called off. The `queue_*` columns give the sale
 * a line (lib/sales/queue): how many shoppers at once, for how long, and the seed that orders the line.
 */
export const sales = pgTable(
  'sales',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    queueActiveShoppers: integer('queue_active_shoppers'),
    queueAdmissionMinutes: integer('queue_admission_minutes'),
    queueSeed: text('queue_seed'),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: createdAt(),
  },
  (table) => [
    check('sales_ends_after_start', sql`${table.endsAt} > ${table.startsAt}`),
    index('sales_ends_at_idx').on(table.endsAt),
  ],
);

/** A product in a sale: its sale price, its units, what has sold, and the limit per customer. */
export const saleItems = pgTable(
  'sale_items',
  {
    saleId: integer('sale_id')
      .notNull()
      .references(() => sales.id, { onDelete: 'cascade' }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    salePriceCents: integer('sale_price_cents').notNull(),
    units: integer('units').notNull(),
    unitsSold: integer('units_sold').notNull().default(0),
    perCustomerLimit: integer('per_customer_limit').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.saleId, table.productId] }),
    check('sale_items_price_positive', sql`${table.salePriceCents} > 0`),
    check('sale_items_units_positive', sql`${table.units} > 0`),
    check(
      'sale_items_sold_within_units',
      sql`${table.unitsSold} >= 0 AND ${table.unitsSold} <= ${table.units}`,
    ),
    check('sale_items_limit_positive', sql`${table.perCustomerLimit} >= 1`),
    index('sale_items_product_idx').on(table.productId),
  ],
);

/**
 * What each account bought of a sale's item, over all its orders: the allowance place_order checks (and a
 * cancellation gives back) in the order's own transaction, whatever Redis said.
 */
export const salePurchases = pgTable(
  'sale_purchases',
  {
    saleId: integer('sale_id').notNull(),
    productId: integer('product_id').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    quantity: integer('quantity').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.saleId, table.productId, table.userId] }),
    foreignKey({
      columns: [table.saleId, table.productId],
      foreignColumns: [saleItems.saleId, saleItems.productId],
    }).onDelete('cascade'),
    check('sale_purchases_quantity_non_negative', sql`${table.quantity} >= 0`),
  ],
);

export const saleAuditAction = pgEnum('sale_audit_action', ['create', 'cancel', 'end']);

/**
 * Every admin action on a sale (scheduled, cancelled, ended now), written in the same transaction as the
 * action itself: who, what, when, and the sale as it was right after (its `Sale` view, as JSON).
 */
export const saleAudit = pgTable(
  'sale_audit',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    adminUserId: integer('admin_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    action: saleAuditAction('action').notNull(),
    saleId: integer('sale_id')
      .notNull()
      .references(() => sales.id, { onDelete: 'restrict' }),
    after: jsonb('after').notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('sale_audit_sale_idx').on(table.saleId, table.createdAt.desc())],
);
