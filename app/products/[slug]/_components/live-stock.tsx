import { connection } from 'next/server';
import { displayStock } from '@/lib/stock';
import { AddToCartForm } from './add-to-cart-form';

/**
 * The product page's live part: the stock line and the form whose button depends on it. The rest of the
 * page is cached for an hour or until an admin edit; this is read per request from the stock gate
 * (cached a moment per instance), so a purchase never has to evict the page ("display cached, buy live").
 */
export async function LiveStock({ productId, cachedStock }: { productId: number; cachedStock: number }) {
  await connection();
  const stock = await displayStock(productId, cachedStock);
  const inStock = stock > 0;
  return (
    <>
      <p
        data-testid="stock"
        className={inStock ? 'font-medium text-emerald-700' : 'font-medium text-zinc-600'}
      >
        {inStock ? `In stock: ${stock.toLocaleString('en-US')}` : 'Out of stock'}
      </p>
      <AddToCartForm productId={productId} inStock={inStock} />
    </>
  );
}

/** Holds the stock line's and the form's place until they stream in, so nothing below them moves. */
export function LiveStockPlaceholder() {
  return (
    <div aria-hidden="true" className="flex flex-col gap-5">
      <p className="font-medium text-transparent select-none">In stock</p>
      <div className="h-[4.75rem]" />
    </div>
  );
}
