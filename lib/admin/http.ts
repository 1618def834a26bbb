import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import type { z } from 'zod';
import { readJsonBody } from '../http/body';
import { parseInput } from '../http/validation';
import { StaleProductError } from './writes';

/*
 * What the admin JSON routes add to the shared route wrapper (lib/http/handler.ts). They read their body
 * themselves, after the wrapper has checked origin and role: a signed-out or non-admin caller gets its
 * 401/403 without the body being read or its schema revealed, and the cap fits the product's largest
 * valid body (5,000 characters of description, JSON-escaped) rather than the shop's 8 KB for small forms.
 */

export const ADMIN_BODY_LIMIT_BYTES = 32 * 1024;

/** The request's JSON body, parsed with `schema`: 413 past the cap, 400 with `fields` when invalid. */
export async function readAdminBody<S extends z.ZodType>(
  request: NextRequest,
  schema: S,
): Promise<z.output<S>> {
  return parseInput(schema, await readJsonBody(request, ADMIN_BODY_LIMIT_BYTES));
}

/**
 * Runs a write; a stale edit answers 409 with the product's current version beside the usual error shape,
 * so a client can fetch it, show the difference and retry deliberately.
 */
export async function withStaleAnswer(write: () => Promise<NextResponse | object>) {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof StaleProductError)) throw error;
    return NextResponse.json(
      { error: error.message, fields: error.fields, currentVersion: error.currentVersion },
      { status: 409 },
    );
  }
}
