import { NextResponse } from 'next/server';
import { checkout } from '@/lib/orders';
import { parseInput } from '@/lib/http/validation';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';
import { idempotencyKeySchema } from '@/lib/orders/schemas';

/**
 * Places the signed-in user's whole cart as one order. Header `Idempotency-Key` (1–255 printable
 * characters). 201 `{orderId, totalCents}` (a replay of the same key answers the same); 409 `{error,
 * productId, available}` when a line cannot be filled (nothing written) or while the same key is still
 * being placed; 400 for an empty cart or a missing key; 401 signed out.
 */
export const POST = route({ access: 'user' }, async ({ request, ctx }) => {
  const key = parseInput(idempotencyKeySchema, request.headers.get('idempotency-key') ?? '');
  const { answer } = await checkout(ctx, key);
  return NextResponse.json(answer, { status: 201 });
});

/** Any other method: 405 `{error}` (after the route's own sign-in check) instead of Next.js's empty 405. */
export const { GET, PUT, PATCH, DELETE } = otherMethods('user', ['POST']);
