import type { Metadata } from 'next';
import { parseListingParams } from '@/lib/catalog';
import { InvalidListing } from './_components/listing-messages';
import { ListingPage, listingMetadata } from './_components/listing-view';

/*
 * /products with its query string. A search is rendered here per request (from cached parts); a category
 * or "all products" page never gets here: proxy.ts rewrites it to the whole cached page of app/(shop)/listing.
 */
export const instant = false;

type SearchParams = Record<string, string | string[] | undefined>;
interface ProductsPageProps {
  searchParams: Promise<SearchParams>;
}

export async function generateMetadata({ searchParams }: ProductsPageProps): Promise<Metadata> {
  const parsed = parseListingParams(await searchParams);
  return parsed.ok ? listingMetadata(parsed.query) : { title: 'Search not understood' };
}

export default async function ProductsPage({ searchParams }: ProductsPageProps) {
  const parsed = parseListingParams(await searchParams);
  if (!parsed.ok) return <InvalidListing error={parsed.error} />;
  return <ListingPage query={parsed.query} />;
}
