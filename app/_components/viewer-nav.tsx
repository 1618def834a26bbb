import Link from 'next/link';
import { AccountNav } from './account-nav';
import { AdminLink } from './admin-link';
import { CartLink } from './cart-link';

/*
 * The header's personal corner (admin link, name or "Log in", cart count): the one part of a page that
 * differs between visitors. Catalog pages have the browser fill it in (BrowserViewerNav), so that the
 * page itself is the same for everyone and cached whole; personal pages, rendered per request anyway,
 * render it on the server (ServerViewerNav), so it is there without JavaScript too.
 */

export interface ViewerSummary {
  user: { name: string; role: 'shopper' | 'admin' } | null;
  cartCount: number;
}

export function ViewerCorner({ viewer, logOut }: { viewer: ViewerSummary; logOut?: () => Promise<void> }) {
  return (
    <>
      {viewer.user?.role === 'admin' && <AdminLink />}
      <AccountNav userName={viewer.user?.name ?? null} logOut={logOut} />
      <CartLink count={viewer.cartCount} />
    </>
  );
}

/**
 * What the corner shows until it knows who is looking, about the size of the real one so the header does
 * not move: working links to the account (which asks to log in first) and the cart. It is also what a
 * browser without JavaScript keeps on a catalog page. The count is blank, not 0, so no one reads a number
 * that is not theirs.
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
