import { logIn } from '@/lib/auth';
import { loginSchema } from '@/lib/auth/schemas';
import { route } from '@/lib/http/handler';

/** `{email, password}` → 200 `{user}` with a new session cookie; 401; 429 with Retry-After. */
export const POST = route({ body: loginSchema }, async ({ ctx, body }) => ({ user: await logIn(ctx, body) }));
