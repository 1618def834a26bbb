import type { NextResponse } from 'next/server';
import { getConfig } from '../config';
import { secretsEqual } from './constant-time';
import { jsonError } from './json';
import { isLoopback } from './request-info';

/*
 * Who may read what only an operator should: /api/metrics (traffic per namespace, checkouts by outcome, the
 * process's memory) and /api/health's details (each dependency, how each Redis persists and evicts). With
 * METRICS_TOKEN set, only a client presenting it as a bearer token, from anywhere; unset, only this machine
 * (the address as TRUSTED_PROXY_HOPS resolves it, so a claimed X-Forwarded-For of 127.0.0.1 does not pass).
 */

export type OperatorAccess =
  | { granted: true }
  /** METRICS_TOKEN is set and the request did not present it. */
  | { granted: false; reason: 'token' }
  /** No METRICS_TOKEN, and the client is not this machine. */
  | { granted: false; reason: 'not-local' };

export function operatorAccess(
  authorization: string | null,
  clientAddress: string,
  token = getConfig().METRICS_TOKEN,
): OperatorAccess {
  if (token) {
    const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (given !== undefined && secretsEqual(given, token)) return { granted: true };
    return { granted: false, reason: 'token' };
  }
  return isLoopback(clientAddress) ? { granted: true } : { granted: false, reason: 'not-local' };
}

/** /api/metrics' refusal to send (401 wanting the token, 403 off this machine), or null to go ahead. */
export function refuseScrape(
  authorization: string | null,
  clientAddress: string,
  token = getConfig().METRICS_TOKEN,
): NextResponse | null {
  const access = operatorAccess(authorization, clientAddress, token);
  if (access.granted) return null;
  if (access.reason === 'token') {
    return jsonError(401, 'The metrics need a bearer token.', undefined, { 'WWW-Authenticate': 'Bearer' });
  }
  return jsonError(403, 'The metrics answer only on this machine (or set METRICS_TOKEN).');
}
