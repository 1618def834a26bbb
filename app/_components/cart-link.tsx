import Link from 'next/link';

/**
 * The header's way to the cart; `count` is the sum of the cart's quantities, or null while the visitor's
 * own count is still streaming in (the placeholder keeps the badge's size without showing a number).
 */
export function CartLink({ count }: { count: number | null }) {
  return (
    <Link
      prefetch={false}
      href="/cart"
      className="inline-flex items-center gap-2 rounded-full border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:border-brand-500 hover:text-brand-700"
    >
      <span>Cart</span>
      {count === null ? (
        <span className="min-w-6 rounded-full bg-brand-600 px-1.5 text-xs leading-5" aria-hidden="true">
          &nbsp;
        </span>
      ) : (
        <>
          <span
            data-testid="cart-count"
            className="min-w-6 rounded-full bg-brand-600 px-1.5 text-center text-xs leading-5 font-semibold text-white tabular-nums"
          >
            {count}
          </span>
          <span className="sr-only">{count === 1 ? 'item' : 'items'}</span>
        </>
      )}
    </Link>
  );
}
