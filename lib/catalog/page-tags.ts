/**
 * Tags of the cached page parts that are not about one product (those carry `productTag(slug)`): the
 * header's categories, and every list of products (home, listings, search), which any product write can
 * change. The invalidation outbox (./outbox.ts) sweeps them with the product tags; the pages that show
 * them (lib/pages/catalog-data.ts) are cached under them.
 */
export const PAGE_TAGS = {
  categories: 'pages:categories',
  productLists: 'pages:product-lists',
  /**
   * Not an invalidation tag: marks a cached page part as a stranger's (a search, an empty listing, a
   * "not found"), which the page cache's handlers keep briefly and within the cache's budget
   * (lib/pages/cache-handlers/shared.ts). Next.js carries it from a cached function to the page around it.
   */
  brief: 'pages:brief',
} as const;
