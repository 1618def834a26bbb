import { getViewer } from '@/lib/auth/viewer';
import { AccountNav } from './account-nav';
import { CartLink } from './cart-link';
import { AdminLink } from './admin-link';

/**
 * The header's personal corner (admin link, name or "Log in", cart count): the one part of a catalog page
 * that differs between shoppers, so it is a dynamic hole rendered for each request, inside <Suspense> in
 * the layout. Everything around it is shared and cached (`'use cache'` and the page cache).
 */
export async function ViewerNav() {
  const viewer = await getViewer();
  return (
    <>
      {viewer.user?.role === 'admin' && <AdminLink />}
      <AccountNav userName={viewer.user?.name ?? null} />
      <CartLink count={viewer.cartCount} />
    </>
  );
}

/**
 * What the personal corner shows until the hole streams in: the shapes of "Log in" and the cart link, so
 * the header does not move when the real ones arrive. The count is blank, not 0, so no test or shopper
 * reads a number that is not theirs.
 */
export function ViewerNavPlaceholder() {
  return (
    <>
      <span className="text-sm font-medium text-transparent select-none" aria-hidden="true">
        Log in
      </span>
      <CartLink count={null} />
    </>
  );
}
