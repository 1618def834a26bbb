import { NextResponse } from 'next/server';
import { logOut } from '@/lib/auth';
import { route } from '@/lib/http/handler';

/** Ends this browser's session: 204, signed in or not. */
export const POST = route({}, async ({ ctx }) => {
  await logOut(ctx);
  return new NextResponse(null, { status: 204 });
});
