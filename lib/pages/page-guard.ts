import 'server-only';
import { forbidden, redirect } from 'next/navigation';
import { RequestError } from '../errors';
import { pageRequestContext } from '../http/next-context';
import type { RequestContext, Role } from '../session/current';
import { requireRole, requireSession, type UserSession } from '../auth/guard';

/*
 * The guard (./guard.ts) as pages need it: a visitor who is signed out goes to the login page (and comes
 * back to `path` after), a signed-in user without the role gets the 403 page (app/(personal)/admin/forbidden.tsx;
 * needs experimental.authInterrupts). With Cache Components these run after the page's shell is sent, so
 * the HTTP status itself comes from proxy.ts (./page-gate.ts), which makes the same checks first; these
 * stay as the page's own authorization. Redis being down surfaces as the error page: without a session
 * nobody can be shown personal or admin data.
 */

export interface PageAccess {
  ctx: RequestContext;
  session: UserSession;
}

/** The page's signed-in viewer, with or without a role. */
export function requireSignedInPage(path: string): Promise<PageAccess> {
  return guardPage(path, (ctx) => requireSession(ctx));
}

/** The page's viewer when they have `role` (the admin pages: 'admin'). */
export function requireRolePage(path: string, role: Role): Promise<PageAccess> {
  return guardPage(path, (ctx) => requireRole(ctx, role));
}

async function guardPage(
  path: string,
  check: (ctx: RequestContext) => Promise<UserSession>,
): Promise<PageAccess> {
  const ctx = await pageRequestContext();
  try {
    return { ctx, session: await check(ctx) };
  } catch (error) {
    if (error instanceof RequestError && error.status === 401) {
      redirect(`/login?next=${encodeURIComponent(path)}`);
    }
    if (error instanceof RequestError && error.status === 403) forbidden();
    throw error;
  }
}

/** Whether the page's viewer is an admin (for navigation only); false on any failure. */
export async function viewerIsAdmin(): Promise<boolean> {
  try {
    await requireRole(await pageRequestContext(), 'admin');
    return true;
  } catch {
    return false;
  }
}
