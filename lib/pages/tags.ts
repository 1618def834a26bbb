/**
 * Tags of the cached page parts that are not about one product (those carry `productTag(slug)`): the
 * header's categories, and every list of products (home, listings, search), which any product write can
 * change. The invalidation outbox (lib/catalog/outbox.ts) sweeps them with the product tags.
 */
export const PAGE_TAGS = {
  categories: 'pages:categories',
  productLists: 'pages:product-lists',
} as const;
