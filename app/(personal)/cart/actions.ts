'use server';

import { refresh } from 'next/cache';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { addToCart, removeFromCart, setCartQuantity } from '@/lib/cart';
import { addItemFormSchema, cartLineFormSchema } from '@/lib/cart/schemas';
import { formAction } from '@/lib/http/action';
import type { RequestContext } from '@/lib/session/current';
import { formatPrice } from '@/lib/catalog/format';
import {
  checkout,
  CheckoutInProgressError,
  OutOfStockError,
  TotalChangedError,
  type CheckoutOutcome,
  type CheckoutRequest,
} from '@/lib/orders';
import { placeOrderFormSchema } from '@/lib/orders/schemas';
import { NoAdmissionError } from '@/lib/sales';
import { lineField, lineRefusal } from './_components/line-field';

/*
 * The cart's server actions, for the product page's "Add to cart" and the cart page's lines. Each is a
 * schema, one call into lib/cart (or lib/orders), and refresh(): the page comes back re-rendered in the same response, so
 * the header's count and the cart's totals change without a reload (and, without JavaScript, the browser
 * simply gets the re-rendered page).
 */

export const addToCartAction = formAction(addItemFormSchema, async (input, ctx) => {
  // Posted without JavaScript, the answer would be the product page, whose message (like every part of a
  // cached page that differs per request) streams in and needs JavaScript to show: send the browser to the
  // cart instead, which is rendered whole and says what was added.
  const withoutJavaScript = !(await headers()).has('next-action');
  let change;
  try {
    change = await addToCart(ctx, input);
  } catch (error) {
    // A queued sale's product without an admission: with JavaScript the form says so (and where the line
    // is); without it, the browser goes to the line's page, which says it.
    if (error instanceof NoAdmissionError && withoutJavaScript) redirect(error.queue);
    throw error;
  }
  const { cart, notice } = change;
  if (withoutJavaScript) redirect(`/cart?added=${input.productId}`);
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

/**
 * "Place order": the whole cart becomes an order under the key the cart page was rendered with, so a
 * double-click or a re-sent POST places it once; then the order's page. It is placed only at the total the
 * page showed: when prices moved, the cart comes back re-rendered with a message naming the new total,
 * which the next press confirms. A line that cannot be filled is reported under that line's field, so the
 * cart page can show the message beside it (the shared wrapper would only keep the message, not which
 * line it is about).
 */
export const placeOrderAction = formAction(placeOrderFormSchema, async (input, ctx) => {
  let orderId: number;
  try {
    ({ orderId } = (await checkoutOnce(ctx, input)).answer);
  } catch (error) {
    if (error instanceof TotalChangedError) {
      refresh();
      return {
        status: 'error',
        message:
          `Prices changed since you opened your cart: the total is now ${formatPrice(error.totalCents)}. ` +
          'Check your cart, then press "Place order" again to buy at this total.',
        values: { expectedTotalCents: String(error.totalCents) },
      };
    }
    if (!(error instanceof OutOfStockError)) throw error;
    return {
      status: 'error',
      message: error.message,
      fields: { [lineField(error.productId)]: lineRefusal(error.available) },
    };
  }
  // The header's count changed too (the bought lines left the cart). Outside the try: redirect() throws.
  refresh();
  redirect(`/orders/${orderId}`);
});

const IN_PROGRESS_WAITS = 8;
const IN_PROGRESS_WAIT_MS = 250;

/**
 * Checkout, waiting out a first submission of the same form that is still running. Without JavaScript a
 * double-click sends the form twice and the browser shows the second answer: rather than "still being
 * placed", it should be the order, which the same key replays once the first attempt has finished.
 */
async function checkoutOnce(ctx: RequestContext, request: CheckoutRequest): Promise<CheckoutOutcome> {
  for (let wait = 1; ; wait += 1) {
    try {
      return await checkout(ctx, request);
    } catch (error) {
      if (!(error instanceof CheckoutInProgressError) || wait > IN_PROGRESS_WAITS) throw error;
      await new Promise((resolve) => setTimeout(resolve, IN_PROGRESS_WAIT_MS));
    }
  }
}
