import { connection } from 'next/server';
import { displayStock } from '@/lib/stock';

/**
 * The product page's live part: the stock line. The rest of the page is cached for an hour or until an
 * admin edit; this is read per request from the stock gate (cached a moment per instance), so a purchase
 * never has to evict the page ("display cached, buy live": the add-to-cart action checks live stock too).
 */
export async function LiveStock({ productId, cachedStock }: { productId: number; cachedStock: number }) {
  await connection();
  return <StockLine stock={await displayStock(productId, cachedStock)} live />;
}

/**
 * Until the live line streams in, the page's own copy of the stock: also what a browser without
 * JavaScript keeps showing (streamed parts need JavaScript to take their place). Only the live line
 * carries the `stock` test id.
 */
export function StockLine({ stock, live = false }: { stock: number; live?: boolean }) {
  const inStock = stock > 0;
  return (
    <p
      data-testid={live ? 'stock' : undefined}
      className={inStock ? 'font-medium text-emerald-700' : 'font-medium text-zinc-600'}
    >
      {inStock ? `In stock: ${stock.toLocaleString('en-US')}` : 'Out of stock'}
    </p>
  );
}
