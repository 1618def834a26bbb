import 'server-only';
import { connection } from 'next/server';

/**
 * `next build` runs without a database (CI and the Docker image build before one exists). Shared page parts
 * that need catalog data call this first: at build time it makes them request-time holes instead of
 * prerendering them from a database that is not there; at run time it does nothing, so Next.js renders
 * them into the cached page.
 */
export async function deferDuringBuild(): Promise<void> {
  if (process.env.NEXT_PHASE === 'phase-production-build') await connection();
}
