import 'server-only';
import { redirect } from 'next/navigation';
import { isOutage } from '../errors';

/*
 * A catalog page whose data cannot be had (PostgreSQL down and nothing cached) must answer 503 with
 * Retry-After, never a bare 500. Next.js sends 500 for any error thrown while a page renders and offers
 * no way to choose another status, so the page redirects (307, before anything streams) to
 * /unavailable, a route handler that can: a 503 page that says so and comes back to `from` by itself. A
 * bug is not an outage: it is rethrown and stays a logged 500.
 */

/** The path of the 503 page for a page at `from`. */
export function unavailablePath(from: string): string {
  return `/unavailable?from=${encodeURIComponent(from)}`;
}

/** Runs a page's data load; an outage sends the visitor to the 503 page, which returns them to `path`. */
export async function pageData<T>(path: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isOutage(error)) throw error;
    console.error(`page ${path}: unavailable: ${error instanceof Error ? error.message : String(error)}`);
    redirect(unavailablePath(path));
  }
}
