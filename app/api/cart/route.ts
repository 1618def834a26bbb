import { readCart } from '@/lib/cart';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';

/** The visitor's cart: `{items, count, subtotalCents}` (empty, and nothing written, without a session). */
export const GET = route({}, async ({ ctx }) => readCart(ctx));

/** Any other method: 405 `{error}` instead of Next.js's empty 405. */
export const { POST, PUT, PATCH, DELETE } = otherMethods('public', ['GET']);
