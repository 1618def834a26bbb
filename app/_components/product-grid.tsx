import type { ProductSummary } from '@/lib/catalog/types';
import { ProductCard } from './product-card';

/** Two columns on phones, up to four on wide screens. The first row loads eagerly. */
export function ProductGrid({ products, eager = 0 }: { products: ProductSummary[]; eager?: number }) {
  return (
    <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
      {products.map((product, index) => (
        <li key={product.id}>
          <ProductCard product={product} priority={index < eager} />
        </li>
      ))}
    </ul>
  );
}
