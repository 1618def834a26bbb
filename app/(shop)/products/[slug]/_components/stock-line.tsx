/**
 * The product page's stock line. The page's own copy of the stock (cached with the page) shows until the
 * browser has asked for the live count, and is what a browser without JavaScript keeps. Only the live
 * line carries the `stock` test id.
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
