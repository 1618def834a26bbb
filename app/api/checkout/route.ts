import { NextResponse } from 'next/server';
import { checkout } from '@/lib/orders';
import { readOptionalJsonBody } from '@/lib/http/body';
import { parseInput } from '@/lib/http/validation';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';
import { checkoutBodySchema, idempotencyKeySchema } from '@/lib/orders/schemas';

/**
 * Places the signed-in user's whole cart as one order. Header `Idempotency-Key` (1–255 printable
 * characters); optional body `{expectedTotalCents}`, the total the shopper saw. 201 `{orderId,
 * totalCents}` (a replay of the same key answers the same, whatever the body); 409 `{error, productId,
 * available}` when a line cannot be filled, 409 `{error, productId, startsAt}` for a product whose sale has
 * not started, 409 `{error, productId, limit, bought}` past a sale's limit per customer, 409 `{error,
 * totalCents}` when the cart costs otherwise now (nothing written in any case), or while the same key is
 * still being placed; 400 for an empty cart, a
 * missing key or a malformed body (with `fields`); 401 signed out.
 */
// Signed in by the session: checkout reads the account's rights itself, once a sold-out refusal is past.
export const POST = route({ access: 'session' }, async ({ request, ctx }) => {
  const idempotencyKey = parseInput(idempotencyKeySchema, request.headers.get('idempotency-key') ?? '');
  // The body is optional as a whole (a client may send none), not its shape: `null` or `[]` is a 400.
  const body = await readOptionalJsonBody(request);
  const { expectedTotalCents } = parseInput(checkoutBodySchema, body === undefined ? {} : body);
  const { answer } = await checkout(ctx, { idempotencyKey, expectedTotalCents });
  return NextResponse.json(answer, { status: 201 });
});

/** Any other method: 405 `{error}` (after the route's own sign-in check) instead of Next.js's empty 405. */
export const { GET, PUT, PATCH, DELETE } = otherMethods('user', ['POST']);
