import type { NextResponse } from 'next/server';
import { getConfig } from '../config';
import { secretsEqual } from '../http/constant-time';
import { jsonError } from '../http/json';
import { isLoopback } from '../http/request-info';

/*
 * Who may read /api/metrics. Its figures (traffic per namespace, checkouts by outcome, the process's
 * memory) are an operator's, not a visitor's. With METRICS_TOKEN set, only a scraper presenting it; unset,
 * only this machine (the address as TRUSTED_PROXY_HOPS resolves it, so a claimed X-Forwarded-For of
 * 127.0.0.1 does not pass).
 */

/** The refusal to send, or null when the scrape may go ahead. */
export function refuseScrape(
  authorization: string | null,
  clientAddress: string,
  token = getConfig().METRICS_TOKEN,
): NextResponse | null {
  if (token) {
    const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (given !== undefined && secretsEqual(given, token)) return null;
    return jsonError(401, 'The metrics need a bearer token.', undefined, { 'WWW-Authenticate': 'Bearer' });
  }
  if (isLoopback(clientAddress)) return null;
  return jsonError(403, 'The metrics answer only on this machine (or set METRICS_TOKEN).');
}
