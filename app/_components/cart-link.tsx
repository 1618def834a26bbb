import Link from 'next/link';

/** The header's way to the cart; `count` is the sum of the cart's quantities. */
export function CartLink({ count }: { count: number }) {
  return (
    <Link
      prefetch={false}
      href="/cart"
      className="inline-flex items-center gap-2 rounded-full border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:border-brand-500 hover:text-brand-700"
    >
      <span>Cart</span>
      <span
        data-testid="cart-count"
        className="min-w-6 rounded-full bg-brand-600 px-1.5 text-center text-xs leading-5 font-semibold text-white tabular-nums"
      >
        {count}
      </span>
      <span className="sr-only">{count === 1 ? 'item' : 'items'}</span>
    </Link>
  );
}
