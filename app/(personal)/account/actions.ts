'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { changePassword, logIn, logOut, logOutEverywhere, register } from '@/lib/auth';
import { changePasswordSchema, loginSchema, registerSchema } from '@/lib/auth/schemas';
import { formAction } from '@/lib/http/action';
import { nextRequestContext } from '@/lib/http/next-context';
import { safeNextPath } from '@/lib/http/next-path';
import { endSession } from '@/lib/session/current';

/*
 * The account forms' server actions: a schema, one call into lib/auth, then a redirect. Sessions are
 * rotated inside lib/auth; the cookie is written through next/headers, which also re-renders the header.
 */

// Where to go after signing in: a same-site path only (safeNextPath), from the page's ?next=.
const next = { next: z.string().optional() };

export const logInAction = formAction(
  loginSchema.extend(next),
  async ({ next: target, ...input }, ctx) => {
    await logIn(ctx, input);
    redirect(safeNextPath(target) ?? '/account');
  },
  { keep: ['email', 'keepSignedIn'], access: 'public' },
);

export const registerAction = formAction(
  registerSchema.extend(next),
  async ({ next: target, ...input }, ctx) => {
    await register(ctx, input);
    redirect(safeNextPath(target) ?? '/account');
  },
  { keep: ['name', 'email'], access: 'public' },
);

/**
 * The header's "Log out" (a plain form: no state to show). If Redis cannot be reached the cookie is
 * cleared anyway: the shopper asked to be signed out on this browser, and the server-side session then
 * ends at its idle timeout.
 */
export async function logOutAction(): Promise<void> {
  const ctx = await nextRequestContext();
  try {
    await logOut(ctx);
  } catch (error) {
    console.error('logout: could not end the session in Redis; clearing the cookie only:', error);
    await endSession(ctx, null);
  }
  redirect('/');
}

export const logOutEverywhereAction = formAction(z.object({}), async (_input, ctx) => {
  await logOutEverywhere(ctx);
  redirect('/login?ended=everywhere');
});

export const changePasswordAction = formAction(changePasswordSchema, async (input, ctx) => {
  await changePassword(ctx, input);
  return { status: 'ok', message: 'Password changed. Every other session has been logged out.' };
});
