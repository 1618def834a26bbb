import { NextResponse } from 'next/server';
import { register } from '@/lib/auth';
import { registerSchema } from '@/lib/auth/schemas';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';

/** `{email, password, name}` → 201 `{user}`, signed in; 409 when the e-mail cannot be used. */
export const POST = route({ access: 'public', body: registerSchema }, async ({ ctx, body }) => {
  const user = await register(ctx, body);
  return NextResponse.json({ user }, { status: 201 });
});

/** Any other method: 405 `{error}` instead of Next.js's empty 405. */
export const { GET, PUT, PATCH, DELETE } = otherMethods('public', ['POST']);
