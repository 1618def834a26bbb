import { removeFromCart, setCartQuantity } from '@/lib/cart';
import { productIdParamSchema, setQuantitySchema } from '@/lib/cart/schemas';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';

/** `{quantity}` sets the line (0 removes it; above the stock is clamped, with a `notice`); answers the cart. */
export const PUT = route(
  { params: productIdParamSchema, body: setQuantitySchema },
  async ({ ctx, params, body }) => {
    const { cart, notice } = await setCartQuantity(ctx, {
      productId: params.productId,
      quantity: body.quantity,
    });
    return notice ? { ...cart, notice } : cart;
  },
);

/** Removes the line; answers the cart. */
export const DELETE = route({ params: productIdParamSchema }, async ({ ctx, params }) => {
  const { cart } = await removeFromCart(ctx, params.productId);
  return cart;
});

/** Any other method: 405 `{error}` instead of Next.js's empty 405. */
export const { GET, POST, PATCH } = otherMethods('public', ['PUT', 'DELETE']);
