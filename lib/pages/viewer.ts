import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import { cache } from 'react';
import { currentUser, type PublicUser } from '../auth';
import { readCartCount } from '../cart';
import { pageRequestContext } from '../http/next-context';

/** Who is looking at a page: what the header and the personal pages need. */
export interface Viewer {
  user: PublicUser | null;
  cartCount: number;
  /** False when Redis or PostgreSQL could not be asked: the page shows "signed out" and says so. */
  available: boolean;
}

/**
 * The viewer of the current page, once per request. A page must render whatever happens to Redis, so any
 * failure here degrades to a signed-out viewer with an empty cart instead of an error page. Reading never
 * creates a session or writes anything for a visitor without one.
 */
export const getViewer = cache(async (): Promise<Viewer> => {
  try {
    const ctx = await pageRequestContext();
    const [user, cartCount] = await Promise.all([currentUser(ctx), readCartCount(ctx)]);
    return { user, cartCount, available: true };
  } catch (error) {
    // Next.js's own signals (a prerender postponing this hole) are not failures.
    unstable_rethrow(error);
    console.error('viewer: signed out for this page:', error instanceof Error ? error.message : error);
    return { user: null, cartCount: 0, available: false };
  }
});
