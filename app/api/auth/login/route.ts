import { logIn } from '@/lib/auth';
import { loginSchema } from '@/lib/auth/schemas';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';

/** `{email, password}` → 200 `{user}` with a new session cookie; 401; 429 with Retry-After. */
export const POST = route({ access: 'public', body: loginSchema }, async ({ ctx, body }) => ({
  user: await logIn(ctx, body),
}));

/** Any other method: 405 `{error}` instead of Next.js's empty 405. */
export const { GET, PUT, PATCH, DELETE } = otherMethods('public', ['POST']);
