import { randomUUID } from 'node:crypto';
import { isOutage, isPostgresDataExceptionCode, pgErrorCode, RequestError } from '../errors';

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
  const refused = requestErrorOf(error, where);
  if (refused) return { kind: 'request', error: refused };
  if (isOutage(error)) {
    console.error(`${where}: unavailable: ${error instanceof Error ? error.message : String(error)}`);
    return { kind: 'unavailable' };
  }
  const id = requestId ?? randomUUID();
  console.error(`${where}: unexpected error (request ${id})`, error);
  return { kind: 'bug', requestId: id };
}

/**
 * The caller's mistake behind a failure, if it is one: a RequestError, or a value PostgreSQL refused
 * (SQLSTATE class 22). The latter is a last line of defence, not validation: the schemas should have
 * refused the value with a field message, so it is logged (one line, no stack: the statement is fine) to
 * show which rule is missing.
 */
export function requestErrorOf(error: unknown, where: string): RequestError | undefined {
  if (error instanceof RequestError) return error;
  const code = pgErrorCode(error);
  if (!isPostgresDataExceptionCode(code)) return undefined;
  console.warn(`${where}: PostgreSQL refused a value (${code}): ${(error as Error).message}`);
  return new RequestError(400, 'Some of the values sent cannot be stored or searched for.');
}

/** A request id handed in by the proxy in front (nginx's $request_id), if it looks like one. */
export function forwardedRequestId(headers: Headers): string | undefined {
  const id = headers.get('x-request-id');
  return id && /^[A-Za-z0-9-]{8,64}$/.test(id) ? id : undefined;
}
