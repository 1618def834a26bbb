import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { pageData } from '@/lib/pages/page-data';
import { cachedProductDetail } from '@/lib/pages/catalog-data';
import { cachedProductSale } from '@/lib/pages/sale-data';
import { AddToCartForm } from './_components/add-to-cart-form';
import { LiveStock } from './_components/live-stock';
import { ProductDetails } from './_components/product-details';
import { SaleSection } from './_components/sale-section';

interface ProductPageProps {
  params: Promise<{ slug: string }>;
}

/*
 * Rendered once per product and kept whole (the page cache: lib/pages/cache-handlers), then served to
 * every shopper without rendering; the browser fills in the parts that differ: the header's personal
 * corner, the live stock line and a sale's live state (its event stream). A
 * product page is rendered on its first request, not at build time (the build has no database): the one
 * build-time param is a placeholder that renders the 404 without asking for data.
 */
const BUILD_PLACEHOLDER = '__build-placeholder__';

export function generateStaticParams() {
  return [{ slug: BUILD_PLACEHOLDER }];
}

// generateMetadata and the page share one lookup per render.
const loadProduct = cache(async (slug: string) =>
  slug === BUILD_PLACEHOLDER
    ? null
    : pageData(`/products/${encodeURIComponent(slug)}`, () => cachedProductDetail(slug)),
);

export async function generateMetadata({ params }: ProductPageProps): Promise<Metadata> {
  const product = await loadProduct((await params).slug);
  if (!product) notFound();
  return { title: product.name, description: product.description.slice(0, 155) };
}

export default async function ProductPage({ params }: ProductPageProps) {
  const { slug } = await params;
  const product = await loadProduct(slug);
  if (!product) notFound();
  // The sale's fixed part (price, units, times) is cached with the page; its live part is the browser's.
  const sale = await pageData(`/products/${encodeURIComponent(slug)}`, () =>
    cachedProductSale(product.slug, product.id),
  );
  return (
    <ProductDetails
      slug={slug}
      sale={sale && <SaleSection productId={product.id} slug={product.slug} sale={sale} />}
      liveStock={<LiveStock slug={product.slug} cachedStock={product.stock} />}
      // Enabled by the page's own copy of the stock: the action takes units from the live gate.
      addToCart={<AddToCartForm productId={product.id} inStock={product.stock > 0} sale={sale} />}
    />
  );
}
