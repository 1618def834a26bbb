import { NextResponse } from 'next/server';

/**
 * The one error shape of the JSON API: `{ error, fields?, …extra }` with a 4xx, a 503 when a dependency is
 * down, or a 500 (with `requestId`) for a bug. `extra` carries what a client needs to act on the error:
 * `currentVersion` on a stale edit, `productId` and `available` on a line that cannot be filled.
 */
export function jsonError(
  status: number,
  error: string,
  fields?: Record<string, string>,
  headers?: HeadersInit,
  extra?: Record<string, unknown>,
) {
  return NextResponse.json({ ...extra, error, ...(fields ? { fields } : {}) }, { status, headers });
}

/** Cache-Control for a public catalog answer: shared caches may keep it briefly, never personal data. */
export const PUBLIC_CATALOG_CACHE_CONTROL = 'public, max-age=0, s-maxage=5, stale-while-revalidate=30';

/**
 * Cache-Control for the public sale reads (`GET /api/sales`, `/api/sales/{id}`): a sale's status and units
 * change at every sale, so a shared cache may keep an answer one second at most.
 */
export const SALE_CACHE_CONTROL = 'public, max-age=0, s-maxage=1';

/** Cache-Control for anything about one visitor, and for every error. */
export const PRIVATE_CACHE_CONTROL = 'private, no-store';
