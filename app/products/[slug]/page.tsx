import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { getProductDetail } from '@/lib/catalog';
import { pageData } from '@/lib/http/page-data';
import { displayStock } from '@/lib/stock';
import { Price } from '@/app/_components/price';
import { ProductGrid } from '@/app/_components/product-grid';
import { ProductImage } from '@/app/_components/product-image';
import { AddToCartForm } from './_components/add-to-cart-form';
import { Breadcrumb } from './_components/breadcrumb';
import { RatingSummary } from './_components/rating-summary';
import { ReviewList } from './_components/review-list';

export const dynamic = 'force-dynamic';

interface ProductPageProps {
  params: Promise<{ slug: string }>;
}

// generateMetadata and the page share one lookup per request.
const loadProduct = cache((slug: string) =>
  pageData(`/products/${encodeURIComponent(slug)}`, () => getProductDetail(slug)),
);

export async function generateMetadata({ params }: ProductPageProps): Promise<Metadata> {
  const product = await loadProduct((await params).slug);
  if (!product) notFound();
  return { title: product.name, description: product.description.slice(0, 155) };
}

export default async function ProductPage({ params }: ProductPageProps) {
  const product = await loadProduct((await params).slug);
  if (!product) notFound();

  // The cached page may be an hour old; its stock line is live (a sale must not sell what shows as there).
  const stock = await displayStock(product.id, product.stock);
  const inStock = stock > 0;
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
            <p
              data-testid="stock"
              className={inStock ? 'font-medium text-emerald-700' : 'font-medium text-zinc-600'}
            >
              {inStock ? `In stock: ${stock.toLocaleString('en-US')}` : 'Out of stock'}
            </p>
            <AddToCartForm productId={product.id} inStock={inStock} />
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
