import 'server-only';
import { dropGuestCart, mergeGuestCart } from '../cart';
import { getDb } from '../db/client';
import { callDependency, RequestError } from '../errors';
import { getRedis } from '../redis/client';
import { sessionKeys } from '../redis/keys';
import {
  beginSession,
  currentSession,
  endSession,
  getSessionStore,
  type RequestContext,
  type Role,
} from '../session/current';
import { requireSession } from './guard';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './password';
import { LoginRateLimiter } from './rate-limit';
import type { ChangePasswordInput, LoginInput, RegisterInput } from './schemas';
import {
  findUserByEmail,
  findUserById,
  insertUser,
  toPublicUser,
  updatePasswordHash,
  updateRole,
  type PublicUser,
} from './users';

/*
 * Accounts: the Data Access Layer behind the auth forms and routes. Every sign-in issues a new session
 * token and ends the old one at once (no session fixation); the guest's cart comes along.
 */

export const BAD_CREDENTIALS = 'Incorrect e-mail or password.';

// One limiter per Redis client (it registers its script on the client it is given).
const limiters = new WeakMap<object, LoginRateLimiter>();
function loginLimiter(): LoginRateLimiter {
  const redis = getRedis();
  let limiter = limiters.get(redis);
  if (!limiter) {
    limiter = new LoginRateLimiter(redis, sessionKeys());
    limiters.set(redis, limiter);
  }
  return limiter;
}

/** The signed-in user of the request, or null (guests and visitors without a session). */
export async function currentUser(ctx: RequestContext): Promise<PublicUser | null> {
  const session = await currentSession(ctx);
  if (session?.userId == null) return null;
  const user = await findUserById(session.userId);
  return user ? toPublicUser(user) : null;
}

/** Creates a shopper and signs them in (201). A taken e-mail is a 409 with a neutral message. */
export async function register(ctx: RequestContext, input: RegisterInput): Promise<PublicUser> {
  // Hashing first also gives a taken address the same response time as a new one.
  const passwordHash = await hashPassword(input.password);
  // The account and its first session land together: if Redis cannot take the session, the insert rolls
  // back, so a failed registration (503) leaves no account behind to block the retry.
  return callDependency('postgres', () =>
    getDb().transaction(async (tx) => {
      const user = await insertUser({ email: input.email, name: input.name, passwordHash }, tx);
      await signIn(ctx, user);
      return user;
    }),
  );
}

/** Checks the password under the rate limits; on success signs in with a fresh session. */
export async function logIn(ctx: RequestContext, input: LoginInput): Promise<PublicUser> {
  const limits = loginLimiter();
  await limits.assertAllowed(input.email, ctx.ip);
  const user = await findUserByEmail(input.email);
  // An unknown e-mail spends the time of a real check, so timing does not reveal which accounts exist.
  const valid = user
    ? await verifyPassword(input.password, user.passwordHash)
    : await verifyAgainstDummy(input.password);
  if (!user || !valid) {
    await limits.recordFailure(input.email, ctx.ip);
    throw new RequestError(401, BAD_CREDENTIALS);
  }
  await limits.recordSuccess(input.email, ctx.ip);
  if (needsRehash(user.passwordHash)) await updatePasswordHash(user.id, await hashPassword(input.password));
  await signIn(ctx, user);
  return toPublicUser(user);
}

/** Ends this browser's session (a guest's cart goes with it; a user's cart stays for their next login). */
export async function logOut(ctx: RequestContext): Promise<void> {
  const session = await currentSession(ctx);
  if (session) await dropGuestCart(session);
  await endSession(ctx, session);
}

/** Ends every session of the signed-in user, on every browser and instance. */
export async function logOutEverywhere(ctx: RequestContext): Promise<number> {
  const session = await requireSession(ctx);
  const ended = await getSessionStore().destroyAllForUser(session.userId);
  await endSession(ctx, null);
  return ended;
}

/** Checks the current password, stores the new one, rotates this session and ends all the others. */
export async function changePassword(ctx: RequestContext, input: ChangePasswordInput): Promise<void> {
  const session = await requireSession(ctx);
  const user = await findUserById(session.userId);
  if (!user) throw new RequestError(401, 'Please log in again.');
  const limits = loginLimiter();
  await limits.assertAllowed(user.email, ctx.ip);
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    await limits.recordFailure(user.email, ctx.ip);
    throw new RequestError(400, 'The current password is not right.', {
      currentPassword: 'The current password is not right.',
    });
  }
  await updatePasswordHash(user.id, await hashPassword(input.newPassword));
  await getSessionStore().destroyAllForUser(user.id, session.id);
  await signIn(ctx, user);
}

/**
 * Changes a user's role and ends all their sessions: a session carries the role it was issued with, so a
 * new role takes effect through a new session (the next login), never by editing a live one.
 */
export async function changeRole(userId: number, role: Role): Promise<void> {
  if (!(await updateRole(userId, role))) throw new RequestError(404, 'No such user.');
  await getSessionStore().destroyAllForUser(userId);
}

/**
 * Rotation: a new session (new token, new cookie) for `user`, then the old one ends at once. A guest's
 * cart is merged into the user's first; another user's session in this browser just ends.
 */
async function signIn(ctx: RequestContext, user: PublicUser): Promise<void> {
  const previous = await currentSession(ctx);
  if (previous?.userId === null) await mergeGuestCart(previous, user.id);
  await beginSession(ctx, { userId: user.id, role: user.role });
  if (previous) await getSessionStore().destroy(previous);
}

export type { PublicUser } from './users';
