import { NextResponse } from 'next/server';
import { logOut } from '@/lib/auth';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';

/** Ends this browser's session: 204, signed in or not. */
export const POST = route({ access: 'public' }, async ({ ctx }) => {
  await logOut(ctx);
  return new NextResponse(null, { status: 204 });
});

/** Any other method: 405 `{error}` instead of Next.js's empty 405. */
export const { GET, PUT, PATCH, DELETE } = otherMethods('public', ['POST']);
