import Link from 'next/link';
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
 * What the personal corner shows until the hole streams in, about the size of the real one so the header
 * does not move: working links to the account (which asks to log in first) and the cart. It is also what a
 * browser without JavaScript keeps (streamed parts need JavaScript to take their place). The count is
 * blank, not 0, so no one reads a number that is not theirs.
 */
export function ViewerNavPlaceholder() {
  return (
    <>
      <Link
        prefetch={false}
        href="/account"
        className="text-sm font-medium text-zinc-700 hover:text-brand-700"
      >
        Account
      </Link>
      <CartLink count={null} />
    </>
  );
}
