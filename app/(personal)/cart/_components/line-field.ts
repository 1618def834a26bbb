/*
 * The name under which the "Place order" action reports a cart line it could not fill (FormState.fields),
 * and what it says there. Plain module: the server action writes it, the cart page's lines read it.
 */

export const lineField = (productId: number) => `line-${productId}`;

export function lineRefusal(available: number): string {
  return available > 0
    ? `Only ${available} left: lower the quantity to ${available} or less to place the order.`
    : 'Sold out: remove this line to place the order.';
}
