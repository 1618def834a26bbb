import { NextResponse } from 'next/server';

/** The one error shape of the JSON API: `{ error, fields? }` with a 4xx (or 503 when a dependency is down). */
export function jsonError(
  status: number,
  error: string,
  fields?: Record<string, string>,
  headers?: HeadersInit,
) {
  return NextResponse.json(fields ? { error, fields } : { error }, { status, headers });
}

/** Headers for a public catalog answer: shared caches may keep it briefly, but never personal data. */
export const publicCatalogHeaders = {
  'Cache-Control': 'public, max-age=0, s-maxage=5, stale-while-revalidate=30',
};
