import type { Metadata } from 'next';
import Link from 'next/link';
import { unstable_rethrow } from 'next/navigation';
import { primaryButton } from '@/app/_components/form-field';
import { Price } from '@/app/_components/price';
import { readCart } from '@/lib/cart';
import type { CartView } from '@/lib/cart/types';
import { pageRequestContext } from '@/lib/http/next-context';
import { getViewer } from '@/lib/pages/viewer';
import { CartLineItem } from './_components/cart-line-item';
import { PlaceOrderForm, PlaceOrderProvider } from './_components/place-order';

// About one visitor: rendered per request, nothing of it shared or cached. Its redirects and its 403/404
// are decided before rendering, by proxy.ts (lib/pages/page-gate.ts), so their HTTP status is true.
export const instant = false;

export const metadata: Metadata = { title: 'Your cart', robots: { index: false } };

/** The cart, or null when Redis or PostgreSQL cannot be asked: the page then says so instead of failing. */
async function loadCart(): Promise<CartView | null> {
  try {
    return await readCart(await pageRequestContext());
  } catch (error) {
    unstable_rethrow(error);
    console.error('cart page: cart unavailable:', error instanceof Error ? error.message : error);
    return null;
  }
}

interface CartPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function CartPage({ searchParams }: CartPageProps) {
  const [cart, viewer, { added }] = await Promise.all([loadCart(), getViewer(), searchParams]);
  // A product page's "Add to cart" posted without JavaScript lands here (app/(personal)/cart/actions.ts says why).
  const addedLine = cart?.items.find((item) => typeof added === 'string' && String(item.productId) === added);

  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-3xl font-bold tracking-tight">Your cart</h1>
      {addedLine && (
        <p role="status" className="mt-4 rounded-md bg-emerald-50 px-4 py-3 text-emerald-900">
          Added to your cart ({addedLine.quantity} in cart): {addedLine.name}.
        </p>
      )}
      {cart === null ? (
        <p role="alert" className="mt-6 rounded-md bg-amber-50 px-4 py-3 text-amber-900">
          Your cart can&rsquo;t be shown right now. Please try again in a moment.
        </p>
      ) : cart.items.length === 0 ? (
        <div className="mt-6 space-y-4">
          <p className="text-zinc-600">Your cart is empty.</p>
          <Link href="/products" className="font-medium text-brand-700 underline">
            Browse the shop
          </Link>
        </div>
      ) : (
        <PlaceOrderProvider
          cartVersion={cart.items.map((item) => `${item.productId}x${item.quantity}`).join()}
        >
          <ul aria-label="Cart items" className="mt-6 divide-y divide-zinc-200 border-y border-zinc-200">
            {cart.items.map((item) => (
              <CartLineItem key={item.productId} item={item} />
            ))}
          </ul>
          <div className="mt-6 flex flex-col items-end gap-4">
            <p className="text-lg">
              Subtotal ({cart.count} {cart.count === 1 ? 'item' : 'items'}):{' '}
              <span data-testid="subtotal" className="font-semibold">
                <Price cents={cart.subtotalCents} />
              </span>
            </p>
            {viewer.user ? (
              // A fresh key per rendering of the cart: re-sending this form places one order, a new visit another.
              // The total shown above goes with it: if prices move meanwhile, the order is not placed unasked.
              <PlaceOrderForm
                idempotencyKey={crypto.randomUUID()}
                totalCents={cart.subtotalCents}
                lineNames={Object.fromEntries(cart.items.map((item) => [item.productId, item.name]))}
              />
            ) : (
              // The same button for a guest, who is asked to log in first and comes back to this cart
              // (kept across the sign-in); a plain GET form, so it works without JavaScript too.
              <form action="/login" className="flex flex-col items-end gap-2">
                <input type="hidden" name="next" value="/cart" />
                <button type="submit" aria-describedby="place-order-login" className={primaryButton}>
                  Place order
                </button>
                <p id="place-order-login" className="text-sm text-zinc-600">
                  You&rsquo;ll be asked to log in first.
                </p>
              </form>
            )}
          </div>
        </PlaceOrderProvider>
      )}
    </div>
  );
}
