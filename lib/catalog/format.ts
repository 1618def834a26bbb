const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** "$12.34" from 1234. Safe for client components: it touches no server module. */
export function formatPrice(cents: number): string {
  return usd.format(cents / 100);
}

/** The generated SVG tile of a product (drawn by app/images/products/[id]/route.ts). */
export function productImagePath(id: number): string {
  return `/images/products/${id}.svg`;
}
