import { randomUUID } from 'node:crypto';
import { isOutage, RequestError } from '../errors';

/*
 * What went wrong with a request, decided once for routes (./handler.ts), server actions (./action.ts)
 * and pages (./page-data.ts): the caller's mistake, a dependency's outage, or our bug. Outages are
 * logged in one line (the dependency and its message: there is nothing to debug); bugs with their whole
 * stack and a request id that the answer shows, so a shopper's report can be found in the logs.
 */

/** Seconds a client should wait before trying again after an outage. */
export const RETRY_AFTER_SECONDS = 5;

export type Failure =
  { kind: 'request'; error: RequestError } | { kind: 'unavailable' } | { kind: 'bug'; requestId: string };

export function classifyFailure(error: unknown, where: string, requestId?: string): Failure {
  if (error instanceof RequestError) return { kind: 'request', error };
  if (isOutage(error)) {
    console.error(`${where}: unavailable: ${error instanceof Error ? error.message : String(error)}`);
    return { kind: 'unavailable' };
  }
  const id = requestId ?? randomUUID();
  console.error(`${where}: unexpected error (request ${id})`, error);
  return { kind: 'bug', requestId: id };
}

/** A request id handed in by the proxy in front (nginx's $request_id), if it looks like one. */
export function forwardedRequestId(headers: Headers): string | undefined {
  const id = headers.get('x-request-id');
  return id && /^[A-Za-z0-9-]{8,64}$/.test(id) ? id : undefined;
}
