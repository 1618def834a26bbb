import { currentUser } from '@/lib/auth';
import { RequestError } from '@/lib/errors';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';

/** 200 `{user: {id, email, name, role}}`; 401 when signed out. */
export const GET = route({}, async ({ ctx }) => {
  const user = await currentUser(ctx);
  if (!user) throw new RequestError(401, 'Not logged in.');
  return { user };
});

/** Any other method: 405 `{error}` instead of Next.js's empty 405. */
export const { POST, PUT, PATCH, DELETE } = otherMethods('public', ['GET']);
