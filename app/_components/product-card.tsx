import Link from 'next/link';
import type { ProductSummary } from '@/lib/catalog/types';
import { Price } from './price';
import { ProductImage } from './product-image';

/**
 * One product in a grid. The name is the link; it stretches over the whole card.
 *
 * No prefetching here or in the header, pagination and breadcrumbs: every page is dynamic, so each
 * prefetched link is a server render, and a listing view would cost the servers some thirty renders
 * nobody asked for, during a sale when they have none to spare. A click fetches the page as usual.
 */
export function ProductCard({ product, priority = false }: { product: ProductSummary; priority?: boolean }) {
  const outOfStock = product.stock <= 0;
  return (
    <article className="group relative flex flex-col rounded-xl border border-zinc-200 bg-white p-3 shadow-sm transition-shadow focus-within:ring-2 focus-within:ring-brand-600 hover:shadow-md">
      <ProductImage src={product.imageUrl} alt="" size={320} priority={priority} />
      <h3 className="mt-3 line-clamp-2 min-h-10 text-sm leading-5 font-medium text-zinc-900">
        <Link
          prefetch={false}
          href={`/products/${encodeURIComponent(product.slug)}`}
          className="after:absolute after:inset-0 after:rounded-xl focus-visible:outline-none group-hover:text-brand-700"
        >
          {product.name}
        </Link>
      </h3>
      <div className="mt-auto flex flex-wrap items-center justify-between gap-x-2 gap-y-1 pt-2">
        <Price cents={product.priceCents} className="font-semibold" />
        {outOfStock && (
          <span className="rounded-full bg-zinc-200 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-zinc-700">
            Out of stock
          </span>
        )}
      </div>
    </article>
  );
}
