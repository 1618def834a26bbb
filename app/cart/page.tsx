import type { Metadata } from 'next';
import Link from 'next/link';
import { Price } from '@/app/_components/price';
import { readCart } from '@/lib/cart';
import type { CartView } from '@/lib/cart/types';
import { pageRequestContext } from '@/lib/session/next';
import { CartLineForm } from './_components/cart-line-form';

export const metadata: Metadata = { title: 'Your cart', robots: { index: false } };

/** The cart, or null when Redis or PostgreSQL cannot be asked: the page then says so instead of failing. */
async function loadCart(): Promise<CartView | null> {
  try {
    return await readCart(await pageRequestContext());
  } catch (error) {
    console.error('cart page: cart unavailable:', error instanceof Error ? error.message : error);
    return null;
  }
}

export default async function CartPage() {
  const cart = await loadCart();

  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="text-3xl font-bold tracking-tight">Your cart</h1>
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
        <>
          <ul aria-label="Cart items" className="mt-6 divide-y divide-zinc-200 border-y border-zinc-200">
            {cart.items.map((item) => (
              <li
                key={item.productId}
                aria-label={item.name}
                data-testid="cart-line"
                className="flex flex-wrap items-end justify-between gap-4 py-4"
              >
                <div className="min-w-48 flex-1">
                  <Link href={`/products/${item.slug}`} className="font-medium hover:text-brand-700">
                    {item.name}
                  </Link>
                  <p className="text-sm text-zinc-600">
                    <Price cents={item.unitPriceCents} /> each
                  </p>
                </div>
                <CartLineForm productId={item.productId} quantity={item.quantity} />
                <p data-testid="line-total" className="w-28 text-right font-semibold">
                  <Price cents={item.lineTotalCents} />
                </p>
              </li>
            ))}
          </ul>
          <div className="mt-6 flex flex-col items-end gap-4">
            <p className="text-lg">
              Subtotal ({cart.count} {cart.count === 1 ? 'item' : 'items'}):{' '}
              <span data-testid="subtotal" className="font-semibold">
                <Price cents={cart.subtotalCents} />
              </span>
            </p>
            {/* Checkout is a later issue: the button is here, disabled, and says why. */}
            <button
              type="button"
              disabled
              aria-describedby="checkout-soon"
              className="rounded-full bg-brand-600 px-8 py-3 font-semibold text-white disabled:cursor-not-allowed disabled:bg-zinc-300 disabled:text-zinc-600"
            >
              Place order
            </button>
            <p id="checkout-soon" className="text-sm text-zinc-600">
              Checkout is coming soon.
            </p>
          </div>
        </>
      )}
    </div>
  );
}
