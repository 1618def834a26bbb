import { currentUser } from '@/lib/auth';
import { readCartCount } from '@/lib/cart';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';

/**
 * The header's personal corner, for the browser to fill in on every page: who is signed in (name and role
 * only) and the cart's count. 200 for guests too (`user: null`), so a guest's page logs no error; a
 * disabled account is signed out here and answered as a guest (not a 401: this is the question "who is
 * looking", asked on every page). Reading never creates a session. Catalog pages are cached whole and shared, so this is the one request per page
 * view that knows who is looking; an outage answers 503 and the header keeps its placeholder.
 */
export const GET = route({ access: 'public' }, async ({ ctx }) => {
  // Who first: a disabled account's session ends there (currentUser), and its cart is not counted.
  const user = await currentUser(ctx);
  const cartCount = await readCartCount(ctx);
  return { user: user && { name: user.name, role: user.role }, cartCount };
});

/** Any other method: 405 `{error}` instead of Next.js's empty 405. */
export const { POST, PUT, PATCH, DELETE } = otherMethods('public', ['GET']);
