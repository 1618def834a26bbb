import type { ReactNode } from 'react';
import { cacheLife } from 'next/cache';
import { countPageRender } from '@/lib/metrics/pages';
import { cachedProductDetail } from '@/lib/pages/catalog-data';
import { ProductGrid } from '@/app/_components/product-grid';
import { ProductImage } from '@/app/_components/product-image';
import { Price } from '@/app/_components/price';
import { Breadcrumb } from './breadcrumb';
import { RatingSummary } from './rating-summary';
import { ReviewList } from './review-list';

/**
 * Everything on a product page that is the same for every shopper, as one cached component: rendered once
 * per product (and again after an admin edit of it or of a related product: its data's tags carry over),
 * then served from the cache. `liveStock` (the per-request hole) and `addToCart` (a form, whose result
 * after a post without JavaScript is that request's own) are passed through, not cached.
 */
export async function ProductDetails({
  slug,
  sale,
  liveStock,
  addToCart,
}: {
  slug: string;
  /** The product's sale section, when it is in a sale that has not ended (passed through, like the rest). */
  sale?: ReactNode;
  liveStock: ReactNode;
  addToCart: ReactNode;
}) {
  'use cache';
  cacheLife('catalog');
  const product = await cachedProductDetail(slug);
  if (!product) return null; // the page answers 404 before it gets here
  countPageRender('product');
  const categoryHref = `/products?category=${encodeURIComponent(product.category)}`;

  return (
    <div className="space-y-12">
      <div>
        <Breadcrumb
          items={[
            { label: 'Home', href: '/' },
            { label: product.categoryName, href: categoryHref },
            { label: product.name },
          ]}
        />
        <div className="mt-6 grid gap-8 md:grid-cols-2 md:gap-12">
          <ProductImage src={product.imageUrl} alt={product.name} size={600} priority className="w-full" />
          <div className="flex flex-col gap-5">
            <h1 className="text-3xl font-bold tracking-tight text-balance">{product.name}</h1>
            <p data-testid="price" className="text-2xl font-semibold">
              <Price cents={product.priceCents} />
            </p>
            {sale}
            {liveStock}
            {addToCart}
            <div className="border-t border-zinc-200 pt-5">
              <h2 className="sr-only">Description</h2>
              <p className="leading-7 whitespace-pre-line text-zinc-700">{product.description}</p>
            </div>
          </div>
        </div>
      </div>

      <section aria-labelledby="reviews-heading" className="border-t border-zinc-200 pt-10">
        <h2 id="reviews-heading" className="text-2xl font-semibold tracking-tight">
          Customer reviews
        </h2>
        <div className="mt-6">
          <RatingSummary rating={product.rating} />
        </div>
        {product.latestReviews.length > 0 && (
          <div className="mt-8">
            <h3 className="text-lg font-semibold">Latest reviews</h3>
            <ReviewList reviews={product.latestReviews.slice(0, 5)} />
          </div>
        )}
      </section>

      {product.related.length > 0 && (
        <section aria-labelledby="related-heading" className="border-t border-zinc-200 pt-10">
          <h2 id="related-heading" className="text-2xl font-semibold tracking-tight">
            Related products
          </h2>
          <div className="mt-6">
            <ProductGrid products={product.related.slice(0, 4)} />
          </div>
        </section>
      )}
    </div>
  );
}
