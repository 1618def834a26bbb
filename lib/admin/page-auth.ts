import 'server-only';
import { forbidden, redirect } from 'next/navigation';
import { currentSession, type RequestContext } from '../session/current';
import { pageRequestContext } from '../session/next';

/**
 * The check at the top of every admin page: a visitor who is signed out goes to the login page (and comes
 * back to `path` after), a signed-in shopper gets the 403 page with an HTTP 403 — thrown before anything
 * streams, so the status is really sent (app/admin/forbidden.tsx; needs experimental.authInterrupts).
 * Returns the request context for the admin data layer, which checks again itself.
 */
export async function requireAdminPage(path: string): Promise<RequestContext> {
  const ctx = await pageRequestContext();
  // Redis being down surfaces as the error page: without a session nobody can be shown admin data.
  const session = await currentSession(ctx);
  if (session?.userId == null) redirect(`/login?next=${encodeURIComponent(path)}`);
  if (session.role !== 'admin') forbidden();
  return ctx;
}

/** Whether the page's viewer is an admin (for the admin layout's navigation); false on any failure. */
export async function viewerIsAdmin(): Promise<boolean> {
  try {
    const session = await currentSession(await pageRequestContext());
    return session?.role === 'admin' && session.userId != null;
  } catch {
    return false;
  }
}
