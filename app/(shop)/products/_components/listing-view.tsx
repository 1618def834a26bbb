import type { Metadata } from 'next';
import { cacheLife, cacheTag } from 'next/cache';
import { cache } from 'react';
import { parseListingParams } from '@/lib/catalog';
import { isBriefListing } from '@/lib/catalog/cache-keys';
import { PAGE_TAGS } from '@/lib/catalog/page-tags';
import type { Category, ListingQuery } from '@/lib/catalog/types';
import { pageData } from '@/lib/pages/page-data';
import { countPageRender } from '@/lib/metrics/pages';
import { cachedCategories, cachedProductPage } from '@/lib/pages/catalog-data';
import { Pagination } from '@/app/_components/pagination';
import { ProductGrid } from '@/app/_components/product-grid';
import { listingHref } from './listing-href';
import { EmptyListing, PastLastPage } from './listing-messages';
import { SortForm } from './sort-form';

/*
 * A listing page, whichever route serves it: /products itself for a search (per request), or the whole
 * cached page that proxy.ts rewrites a category or "all products" listing to (app/(shop)/listing).
 */

// Shared by generateMetadata and the page: one call per request.
const categoriesOnce = cache(cachedCategories);

/** The sort this listing gets when the URL names none (best match for a search), which links leave out. */
function defaultSort(query: ListingQuery): string {
  const parsed = parseListingParams({ q: query.q });
  return parsed.ok ? parsed.query.sort : query.sort;
}

function describe(query: ListingQuery, category: Category | undefined) {
  if (query.q) return { heading: `Search results for “${query.q}”`, title: `Search: ${query.q}` };
  if (category) return { heading: category.name, title: category.name };
  if (query.category) return { heading: `No category called “${query.category}”`, title: 'Unknown category' };
  return { heading: 'All products', title: 'All products' };
}

/** The title and description of a listing page. */
export async function listingMetadata(query: ListingQuery): Promise<Metadata> {
  // The title is not worth failing for: the page itself says when the catalog cannot be read.
  const category = query.category
    ? (await categoriesOnce().catch(() => [])).find((c) => c.slug === query.category)
    : undefined;
  const { title } = describe(query, category);
  return {
    title: query.page > 1 ? `${title}, page ${query.page}` : title,
    description: category?.description || `Browse ${title.toLowerCase()} at Flashmart.`,
  };
}

/**
 * A listing's data, read before anything is rendered, so that an outage sends the shopper to the 503 page
 * (which comes back to this listing's address).
 */
export function loadListing(query: ListingQuery) {
  return pageData(listingHref(query, query.page, defaultSort(query)), () =>
    Promise.all([categoriesOnce(), cachedProductPage(query)]),
  );
}

/** A listing page: its data read first (loadListing), then the cached view. */
export async function ListingPage({ query }: { query: ListingQuery }) {
  await loadListing(query);
  return <ListingView query={query} />;
}

/**
 * The listing itself: the same for everyone who asks for this query, so one cached component, rendered once
 * per query until a product write drops every list (PAGE_TAGS.productLists).
 */
export async function ListingView({ query }: { query: ListingQuery }) {
  'use cache';
  cacheLife('catalog');
  const [categories, result] = await Promise.all([cachedCategories(), cachedProductPage(query)]);
  // A stranger's listing (a search, an empty page) is kept briefly: cachedProductPage's tag says so, and is
  // said here too, for a render that found its data in the cache.
  if (isBriefListing(query, result)) cacheTag(PAGE_TAGS.brief);
  countPageRender('listing');
  const sortByDefault = defaultSort(query);
  const hrefForPage = (page: number) => listingHref(query, page, sortByDefault);
  const category = query.category ? categories.find((c) => c.slug === query.category) : undefined;
  const { heading } = describe(query, category);
  const totalPages = Math.ceil(result.total / result.pageSize);

  return (
    <div>
      <div className="flex flex-col gap-4 border-b border-zinc-200 pb-6 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-3xl font-bold tracking-tight text-balance">{heading}</h1>
          {query.q && category && <p className="mt-1 text-zinc-600">in {category.name}</p>}
          {!query.q && category?.description && (
            <p className="mt-1 max-w-2xl text-zinc-600">{category.description}</p>
          )}
          <p className="mt-2 text-sm text-zinc-600 tabular-nums">
            {result.total.toLocaleString('en-US')} {result.total === 1 ? 'product' : 'products'}
          </p>
        </div>
        {result.total > 0 && <SortForm query={query} />}
      </div>

      <div className="mt-8">
        {result.items.length > 0 ? (
          <>
            {/* The cards' names are h3s: the outline needs the level between them and the page's h1. */}
            <h2 className="sr-only">Products</h2>
            <ProductGrid products={result.items} eager={4} />
          </>
        ) : result.total > 0 ? (
          <PastLastPage page={query.page} lastPageHref={hrefForPage(totalPages)} />
        ) : (
          <EmptyListing q={query.q} categoryName={category?.name} />
        )}
      </div>

      {result.items.length > 0 && (
        <Pagination page={result.page} totalPages={totalPages} hrefForPage={hrefForPage} />
      )}
    </div>
  );
}
