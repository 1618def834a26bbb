import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { parseListingParams } from '@/lib/catalog';
import { isCachedListing, listingParamsOf } from '@/lib/pages/listing-path';
import { listingMetadata, ListingView, loadListing } from '@/app/(shop)/products/_components/listing-view';

/*
 * A category or "all products" listing, cached whole (the page cache) and served without rendering: what
 * proxy.ts rewrites /products?category=…&sort=…&page=… to. Its params are the query string's, validated
 * the same way. The one build-time param is a placeholder (the build has no database).
 */
interface CachedListingProps {
  params: Promise<{ category: string; sort: string; page: string }>;
}

const BUILD_PLACEHOLDER = '__build-placeholder__';

export function generateStaticParams() {
  return [{ category: BUILD_PLACEHOLDER, sort: 'newest', page: '1' }];
}

async function queryOf(params: CachedListingProps['params']) {
  const raw = await params;
  if (raw.category === BUILD_PLACEHOLDER) return undefined;
  const parsed = parseListingParams(listingParamsOf(raw));
  return parsed.ok ? parsed.query : undefined;
}

export async function generateMetadata({ params }: CachedListingProps): Promise<Metadata> {
  const query = await queryOf(params);
  if (!query) notFound();
  return listingMetadata(query);
}

export default async function CachedListing({ params }: CachedListingProps) {
  const query = await queryOf(params);
  if (!query) notFound();
  // Only what proxy.ts would rewrite here exists (asked for directly, too): no made-up categories or pages.
  const [categories, page] = await loadListing(query);
  if (!isCachedListing(query, categories, page.total)) notFound();
  return <ListingView query={query} />;
}
