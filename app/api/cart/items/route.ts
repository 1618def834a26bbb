import { addToCart } from '@/lib/cart';
import { addItemSchema } from '@/lib/cart/schemas';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';

/**
 * `{productId, quantity}` adds to that line and answers the cart; more than the stock (or 99), or than a
 * running sale allows this shopper, is clamped and `notice` says so. 404 for an unknown product, 409 when it
 * is sold out, 409 `{error, productId, startsAt}` before its sale starts, 409 `{error, productId, limit,
 * bought}` once the shopper's allowance in its sale is used up.
 */
export const POST = route({ body: addItemSchema }, async ({ ctx, body }) => {
  const { cart, notice } = await addToCart(ctx, body);
  return notice ? { ...cart, notice } : cart;
});

/** Any other method: 405 `{error}` instead of Next.js's empty 405. */
export const { GET, PUT, PATCH, DELETE } = otherMethods('public', ['POST']);
