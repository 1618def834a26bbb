import { currentUser } from '@/lib/auth';
import { RequestError } from '@/lib/errors';
import { route } from '@/lib/http/handler';

/** 200 `{user: {id, email, name, role}}`; 401 when signed out. */
export const GET = route({}, async ({ ctx }) => {
  const user = await currentUser(ctx);
  if (!user) throw new RequestError(401, 'Not logged in.');
  return { user };
});
