/**
 * The catalog's cache namespaces: the `<ns>` of its cache keys and the `namespace` label of the cache
 * metrics. Plain module (no server-only): the operator's view reads it from instrumentation too.
 */
export const CATALOG_NAMESPACES = {
  /** A product page's data, by slug. */
  product: 'product',
  /** Listing and search pages (versioned: a product write drops them all). */
  listing: 'listing',
  /** The home page's featured products (versioned). */
  home: 'home',
  /** The category list of the header. */
  category: 'category',
  /** A product's name, slug and price by id, for cart lines. */
  productRef: 'product-ref',
} as const;
