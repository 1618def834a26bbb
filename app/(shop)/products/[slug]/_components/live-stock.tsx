'use client';

import { useEffect, useState } from 'react';
import { StockLine } from './stock-line';

/**
 * The product page's live part: the stock line, asked for by the browser (the product's JSON carries the
 * live count: the stock gate, cached a moment per instance). The rest of the page is cached whole for an
 * hour or until an admin edit, so a purchase never has to evict it ("display cached, buy live": adding
 * to the cart and checking out read live stock too).
 */
export function LiveStock({ slug, cachedStock }: { slug: string; cachedStock: number }) {
  const [stock, setStock] = useState<number | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetch(`/api/products/${encodeURIComponent(slug)}`, { signal: controller.signal })
      .then((response) => (response.ok ? (response.json() as Promise<{ stock: number }>) : null))
      .then((product) => setStock(typeof product?.stock === 'number' ? product.stock : null))
      .catch(() => {}); // an outage or a navigation away: the cached line stays
    return () => controller.abort();
  }, [slug]);

  return stock === null ? <StockLine stock={cachedStock} /> : <StockLine stock={stock} live />;
}
