import type { Metadata } from 'next';
import ProductNotFound from '../products/[slug]/not-found';

export const metadata: Metadata = { title: 'Product not found', robots: { index: false } };

/**
 * What `/products/<unknown slug>` shows, with a 404 status: proxy.ts rewrites such requests here. Next.js
 * answers a product page's own notFound() with an empty error shell whose text appears only once
 * JavaScript runs (vercel/next.js#62228), so crawlers and curl would get no body; this page is plain HTML.
 */
export default function ProductNotFoundPage() {
  return <ProductNotFound />;
}
