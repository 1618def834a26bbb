import 'server-only';
import { dropGuestCart, mergeGuestCart } from '../cart';
import { getDb } from '../db/client';
import { callDependency, RequestError } from '../errors';
import { getSessionRedis } from '../redis/client';
import { sessionKeys } from '../redis/keys';
import {
  beginSession,
  currentSession,
  endSession,
  getSessionStore,
  type RequestContext,
  type Role,
} from '../session/current';
import { knownDevice, rememberDevice } from './device';
import { requireSession, signedInAccount } from './guard';
import { admitSignIn, checkPassword } from './password-checks';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './password';
import { LoginRateLimiter } from './rate-limit';
import { forgetAccountRights } from './rights';
import type { ChangePasswordInput, LoginInput, RegisterInput } from './schemas';
import {
  findUserByEmail,
  findUserById,
  insertUser,
  toPublicUser,
  updatePasswordHash,
  upgradePasswordHash,
  setDisabled,
  updateRole,
  type PublicUser,
} from './users';

/*
 * Accounts: the Data Access Layer behind the auth forms and routes. Every sign-in issues a new session
 * token and ends the old one at once (no session fixation); the guest's cart comes along, and the browser
 * is remembered as one that signed in to the account (./device.ts).
 */

export const BAD_CREDENTIALS = 'Incorrect e-mail or password.';

// One limiter per Redis client (it registers its script on the client it is given).
const limiters = new WeakMap<object, LoginRateLimiter>();
function loginLimiter(): LoginRateLimiter {
  const redis = getSessionRedis();
  let limiter = limiters.get(redis);
  if (!limiter) {
    limiter = new LoginRateLimiter(redis, sessionKeys());
    limiters.set(redis, limiter);
  }
  return limiter;
}

/**
 * The signed-in user of the request as PostgreSQL has them (through the rights lookup, ./rights.ts), or
 * null: guests, visitors without a session, and a disabled account, whose session this ends.
 */
export async function currentUser(ctx: RequestContext): Promise<PublicUser | null> {
  const account = await signedInAccount(ctx);
  return account && toPublicUser(account);
}

/** Creates a shopper and signs them in (201). A taken e-mail is a 409 with a neutral message. */
export async function register(ctx: RequestContext, input: RegisterInput): Promise<PublicUser> {
  const admitted = admitSignIn();
  try {
    return await registerAdmitted(ctx, input);
  } finally {
    admitted();
  }
}

async function registerAdmitted(ctx: RequestContext, input: RegisterInput): Promise<PublicUser> {
  await loginLimiter().consumeRegistration(ctx.ip);
  // Hashing first also gives a taken address the same response time as a new one.
  const passwordHash = await checkPassword(input.email, () => hashPassword(input.password));
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

/**
 * Checks the password under the rate limits; on success signs in with a fresh session. A browser that
 * signed in to this account before is limited apart from everyone else (./device.ts), so strangers'
 * guesses never lock the owner out of it.
 */
export async function logIn(ctx: RequestContext, input: LoginInput): Promise<PublicUser> {
  const device = await knownDevice(ctx, input.email);
  const admitted = admitSignIn({ known: device !== null });
  try {
    return await logInAdmitted(ctx, input, device);
  } finally {
    admitted();
  }
}

async function logInAdmitted(
  ctx: RequestContext,
  input: LoginInput,
  device: string | null,
): Promise<PublicUser> {
  // The attempt is counted before the password is checked: a burst cannot outrun the counter.
  const attempt = await loginLimiter().consume(input.email, ctx.ip, device);
  const user = await findUserByEmail(input.email);
  // An unknown e-mail spends the time of a real check, so timing does not reveal which accounts exist. A
  // hash stored with older parameters is re-hashed in the same turn (the same capped slot).
  const { valid, upgraded } = await checkPassword(
    input.email,
    async () => {
      if (!user) return { valid: await verifyAgainstDummy(input.password), upgraded: null };
      const matches = await verifyPassword(input.password, user.passwordHash);
      const upgrade = matches && needsRehash(user.passwordHash);
      return { valid: matches, upgraded: upgrade ? await hashPassword(input.password) : null };
    },
    { trusted: device !== null },
  );
  if (!user || !valid || user.disabled) throw new RequestError(401, BAD_CREDENTIALS);
  await attempt.succeeded();
  // A password changed while this one was checked is never overwritten: the check below then fails.
  const passwordHash =
    upgraded && (await upgradePasswordHash(user.id, user.passwordHash, upgraded))
      ? upgraded
      : user.passwordHash;
  await signIn(ctx, user, input.keepSignedIn);
  await confirmStillValid(ctx, user.id, passwordHash);
  return toPublicUser(user);
}

/**
 * A login that raced a password change (or the account being disabled) must not keep a session issued
 * from the old state: once the session exists, the account is read again, and if its password hash moved
 * on or it was disabled, the new session ends. (A change that lands after this read ends every session,
 * this one included: changePassword and disableAccount destroy them after their commit.)
 */
async function confirmStillValid(ctx: RequestContext, userId: number, passwordHash: string) {
  const now = await findUserById(userId);
  if (now && now.passwordHash === passwordHash && !now.disabled) return;
  await endSession(ctx, await currentSession(ctx));
  throw new RequestError(401, 'Your account changed while you were logging in. Please log in again.');
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
  const device = await knownDevice(ctx, user.email);
  const attempt = await loginLimiter().consume(user.email, ctx.ip, device);
  // The new password is hashed in the same turn as the check of the current one (one capped slot).
  const newHash = await checkPassword(
    user.email,
    async () =>
      (await verifyPassword(input.currentPassword, user.passwordHash))
        ? hashPassword(input.newPassword)
        : null,
    { trusted: device !== null },
  );
  if (newHash === null) {
    throw new RequestError(400, 'The current password is not right.', {
      currentPassword: 'The current password is not right.',
    });
  }
  await attempt.succeeded();
  await updatePasswordHash(user.id, newHash);
  await getSessionStore().destroyAllForUser(user.id, session.id);
  await signIn(ctx, user);
}

/**
 * Changes a user's role and ends all their sessions. Rights are read from PostgreSQL (./rights.ts), so
 * every instance sees the new role within seconds anyway; this instance forgets it at once, and ending the
 * sessions makes a demoted admin's open pages go back through the login.
 */
export async function changeRole(userId: number, role: Role): Promise<void> {
  if (!(await updateRole(userId, role))) throw new RequestError(404, 'No such user.');
  forgetAccountRights(userId);
  await getSessionStore().destroyAllForUser(userId);
}

/** Disables an account: it can no longer log in, and every one of its sessions ends at once. */
export async function disableAccount(userId: number): Promise<void> {
  if (!(await setDisabled(userId, true))) throw new RequestError(404, 'No such user.');
  forgetAccountRights(userId);
  await getSessionStore().destroyAllForUser(userId);
}

/**
 * Rotation: a new session (new token, new cookie) for `user`, then the old one ends. A guest's cart is
 * merged into the user's once the new session exists, and the guest's session (with its cart) ends only
 * after that: a failure at any step (Redis going away mid-way) leaves the guest's cart where it was.
 */
/**
 * A new session for `user`. `keep`: "Keep me signed in" (./schemas.ts); by default, what this browser's
 * session of the same account had (a password change keeps it).
 */
async function signIn(ctx: RequestContext, user: PublicUser, keep?: boolean): Promise<void> {
  const previous = await currentSession(ctx);
  const kept = keep ?? (previous?.userId === user.id && previous.keep);
  await beginSession(ctx, { userId: user.id, role: user.role, keep: kept });
  await rememberDevice(ctx, user.email);
  if (!previous) return;
  if (previous.userId === null) await mergeGuestCart(previous, user.id);
  // The user is signed in and has the cart: ending the old session and its cart is tidying up, and a
  // failure here must not undo the sign-in (a registration would roll its account back with the cart
  // already merged into it). What is left expires with the old session.
  await Promise.all([dropGuestCart(previous), getSessionStore().destroy(previous)]).catch((error: unknown) =>
    console.error(`auth: old session not ended: ${error instanceof Error ? error.message : error}`),
  );
}

export type { PublicUser } from './users';
