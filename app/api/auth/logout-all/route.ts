import { NextResponse } from 'next/server';
import { logOutEverywhere } from '@/lib/auth';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';

/** Ends every session of the signed-in user: 204; 401 when signed out. */
export const POST = route({ access: 'user' }, async ({ ctx }) => {
  await logOutEverywhere(ctx);
  return new NextResponse(null, { status: 204 });
});

/** Any other method: 405 `{error}` (after the route's own sign-in check) instead of Next.js's empty 405. */
export const { GET, PUT, PATCH, DELETE } = otherMethods('user', ['POST']);
