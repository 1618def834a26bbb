'use server';

import { refresh } from 'next/cache';
import { addToCart, removeFromCart, setCartQuantity } from '@/lib/cart';
import { addItemFormSchema, cartLineFormSchema } from '@/lib/cart/schemas';
import { formAction } from '@/lib/http/action';

/*
 * The cart's server actions, for the product page's "Add to cart" and the cart page's lines. Each is a
 * schema, one call into lib/cart, and refresh(): the page comes back re-rendered in the same response, so
 * the header's count and the cart's totals change without a reload (and, without JavaScript, the browser
 * simply gets the re-rendered page).
 */

export const addToCartAction = formAction(addItemFormSchema, async (input, ctx) => {
  const { cart, notice } = await addToCart(ctx, input);
  refresh();
  const added = cart.items.find((item) => item.productId === input.productId);
  return {
    status: 'ok',
    message: notice ?? `Added to your cart${added ? ` (${added.quantity} in cart)` : ''}.`,
  };
});

/** A cart line's form: "Update" (also the Enter key) sets the quantity, 0 removing it; "Remove" removes. */
export const cartLineAction = formAction(
  cartLineFormSchema,
  async (input, ctx) => {
    const { notice } =
      input.intent === 'remove'
        ? await removeFromCart(ctx, input.productId)
        : await setCartQuantity(ctx, input);
    refresh();
    return { status: 'ok', message: notice };
  },
  { keep: ['quantity'] },
);
