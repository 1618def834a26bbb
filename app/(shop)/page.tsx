import { cacheLife } from 'next/cache';
import Link from 'next/link';
import { Suspense } from 'react';
import { countPageRender } from '@/lib/metrics/pages';
import { deferDuringBuild } from '@/lib/pages/build-phase';
import { cachedCategories, cachedFeaturedProducts } from '@/lib/pages/catalog-data';
import { pageData } from '@/lib/pages/page-data';
import { cachedCurrentSales } from '@/lib/pages/sales-data';
import { ProductGrid } from '../_components/product-grid';
import { SaleBanner } from '../_components/sale-banner';

export default function HomePage() {
  return (
    <div className="space-y-14">
      <section className="rounded-2xl bg-gradient-to-br from-brand-600 to-brand-700 px-6 py-12 text-white sm:px-10 sm:py-16">
        <h1 className="max-w-2xl text-3xl font-bold tracking-tight text-balance sm:text-5xl">
          Everything you need, delivered in a flash.
        </h1>
        <p className="mt-4 max-w-xl text-lg text-brand-100">
          Browse thousands of products across every category, with honest reviews from real shoppers.
        </p>
        <Link
          prefetch={false}
          href="/products"
          className="mt-8 inline-block rounded-full bg-white px-6 py-3 font-semibold text-brand-700 hover:bg-brand-50 focus-visible:outline-white"
        >
          Shop all products
        </Link>
      </section>

      <Suspense fallback={null}>
        <HomeSale />
      </Suspense>

      <Suspense fallback={<div className="min-h-[40rem]" aria-hidden="true" />}>
        <HomeCatalog />
      </Suspense>
    </div>
  );
}

/**
 * The next or current sale, above the catalog: cached with the page (lib/pages/sales-data.ts), brought up
 * to date by the browser. No sale (or none to be had: an outage) shows nothing rather than failing the page.
 */
async function HomeSale() {
  await deferDuringBuild();
  const sales = await cachedCurrentSales().catch(() => []);
  return <SaleBanner initial={sales} />;
}

/**
 * The home page's catalog part: the same for every visitor and cached (its data is `'use cache'`); a hole
 * only at build time, which has no database (lib/pages/build-phase.ts).
 */
async function HomeCatalog() {
  await deferDuringBuild();
  // Fetched here first so that an outage sends the shopper to the 503 page instead of an empty home.
  await pageData('/', () => Promise.all([cachedCategories(), cachedFeaturedProducts(8)]));
  return <HomeCatalogView />;
}

/** The catalog part itself, rendered once and kept until a product write drops every list. */
async function HomeCatalogView() {
  'use cache';
  cacheLife('catalog');
  const [categories, featured] = await Promise.all([cachedCategories(), cachedFeaturedProducts(8)]);
  countPageRender('home');

  return (
    <>
      <section aria-labelledby="categories-heading">
        <h2 id="categories-heading" className="text-2xl font-semibold tracking-tight">
          Shop by category
        </h2>
        <ul className="mt-6 grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
          {categories.map((category) => (
            <li key={category.id}>
              <Link
                prefetch={false}
                href={`/products?category=${encodeURIComponent(category.slug)}`}
                className="block h-full rounded-xl border border-zinc-200 bg-white p-4 hover:border-brand-500 hover:shadow-sm"
              >
                <span className="font-medium text-zinc-900">{category.name}</span>
                {category.description && (
                  <span className="mt-1 line-clamp-2 block text-sm text-zinc-600">
                    {category.description}
                  </span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      </section>

      {featured.length > 0 && (
        <section aria-labelledby="featured-heading">
          <div className="flex items-baseline justify-between gap-4">
            <h2 id="featured-heading" className="text-2xl font-semibold tracking-tight">
              Featured products
            </h2>
            <Link
              prefetch={false}
              href="/products"
              className="text-sm font-medium text-brand-700 hover:underline"
            >
              See all
            </Link>
          </div>
          <div className="mt-6">
            <ProductGrid products={featured} eager={4} />
          </div>
        </section>
      )}
    </>
  );
}
