import { NextResponse } from 'next/server';
import { logOutEverywhere } from '@/lib/auth';
import { route } from '@/lib/http/handler';

/** Ends every session of the signed-in user: 204; 401 when signed out. */
export const POST = route({ access: 'user' }, async ({ ctx }) => {
  await logOutEverywhere(ctx);
  return new NextResponse(null, { status: 204 });
});
