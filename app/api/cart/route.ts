import { readCart } from '@/lib/cart';
import { route } from '@/lib/http/handler';

/** The visitor's cart: `{items, count, subtotalCents}` (empty, and nothing written, without a session). */
export const GET = route({}, async ({ ctx }) => readCart(ctx));
