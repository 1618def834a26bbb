import 'server-only';
import { redirect } from 'next/navigation';
import { isOutage } from '../errors';
import { UNAVAILABLE_PATH } from './routes';

/*
 * A page whose data cannot be had (PostgreSQL down and nothing cached) must answer 503 with Retry-After,
 * never a bare 500. proxy.ts decides that before most renders (./page-gate.ts); for a failure while the
 * page renders, which Next.js would answer with a 500 (it offers no way to choose another status), the
 * page redirects (307, before anything streams) to /unavailable, which proxy.ts answers with the same 503
 * page (./status-page.ts), coming back to `from` by itself. A bug is not an outage: it is rethrown and
 * stays a logged 500.
 */

/** The path of the 503 page for a page at `from`. */
export function unavailablePath(from: string): string {
  return `${UNAVAILABLE_PATH}?from=${encodeURIComponent(from)}`;
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
