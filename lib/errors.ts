/*
 * The kinds of failure the data-access layer reports. Route handlers and server actions map them in one
 * place each (lib/http/handler.ts, lib/http/action.ts):
 *
 *   RequestError      an outcome the caller can act on → its 4xx, with a clear message
 *   UnavailableError  Redis or PostgreSQL cannot answer right now → 503 with Retry-After ("try again")
 *   anything else     a bug → a logged 500 with its stack and a request id, and a generic body
 *
 * A bug must never pass for an outage: a TypeError or a violated constraint answered "try again in a
 * moment" would be retried forever and never logged with a stack.
 *
 * What a PostgreSQL error says (its SQLSTATE) is read here too, at the bottom, once for the whole
 * storefront: the outage test needs it, and so do the data layer's constraint checks and lib/http.
 */

/** An outcome the caller can act on (unknown product, wrong password, …): a 4xx with a clear message. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields?: Record<string, string>,
    /** Seconds, for 429 answers (`Retry-After`). */
    readonly retryAfterSeconds?: number,
    /** More of the answer's body beside `error` and `fields`: `currentVersion`, `productId`, `available`… */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

export type Dependency = 'redis' | 'postgres';

/** Redis or PostgreSQL could not answer: a 503, never a crash, and the request changed nothing we know of. */
export class UnavailableError extends Error {
  constructor(
    readonly dependency: Dependency,
    cause: unknown,
  ) {
    super(`${dependency} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'UnavailableError';
  }
}

/**
 * Runs one call to a dependency, turning its outages (refused or reset connection, timeout, a server
 * shutting down, the Redis deadline or circuit breaker) into an UnavailableError. Everything else, our
 * RequestErrors and bugs alike, passes through untouched.
 */
export async function callDependency<T>(dependency: Dependency, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    // An outage already named (a Redis failure inside a PostgreSQL transaction) keeps its name.
    if (error instanceof UnavailableError || !isOutage(error)) throw error;
    throw new UnavailableError(dependency, error);
  }
}

// Socket-level failures (Node's net), and postgres.js's own codes for a connection it lost or never got.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

// What ioredis and Redis say while a server is away, starting, or failing over (a Cluster mid-failover).
const REDIS_OUTAGE_MESSAGES = [
  /^Connection is closed/,
  /^Stream isn't writeable/,
  /^Command timed out/,
  /^Reached the max retries per request limit/,
  /^Failed to refresh slots cache/,
  /^None of startup nodes is available/,
  /^Cluster isn't ready/,
  /^Cluster is disconnect(ed|ing)/,
  // A command retried through a failover (MOVED, CLUSTERDOWN, a closed connection) until its redirections
  // ran out: the last error is in the message, not in `cause`.
  /^Too many Cluster redirections/,
  /^Socket timeout/,
  /^(CLUSTERDOWN|TRYAGAIN|LOADING|MASTERDOWN|READONLY|BUSY) /,
];

// The names of our own "Redis did not answer in time / is being skipped" errors (lib/redis, lib/cache).
const OUTAGE_ERROR_NAMES = new Set([
  'RedisDeadlineError',
  'CacheBackendError',
  'CacheUnavailableError',
  'CacheOverloadedError',
]);

/** Whether `error` (or anything in its cause chain) means a dependency is down rather than a bug. */
export function isOutage(error: unknown): boolean {
  if (error instanceof UnavailableError) return true;
  if (isPostgresOutageCode(pgErrorCode(error))) return true;
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    if (OUTAGE_ERROR_NAMES.has(current.name)) return true;
    const message = current.message;
    if (REDIS_OUTAGE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    // An AggregateError (a connection to "localhost" tries ::1 and 127.0.0.1) holds the real causes.
    if (current instanceof AggregateError && current.errors.some(isOutage)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// PostgreSQL's SQLSTATE. Drizzle wraps the driver's error (postgres.js) in its own, so the code sits
// somewhere down the `cause` chain.

export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';

/** PostgreSQL's SQLSTATE behind an error (e.g. 23505 unique_violation), or undefined. */
export function pgErrorCode(error: unknown): string | undefined {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Whether PostgreSQL refused a value in the statement: class 22, data exception (22021 a NUL or bad byte
 * in text, 22P05 a character the encoding lacks, 22003 a number out of range, 22P02 text that is not a
 * number, 22025 a bad LIKE escape, …). The value came from the request, so that is the caller's 400.
 */
export function isPostgresDataExceptionCode(code: string | undefined): boolean {
  return code?.startsWith('22') ?? false;
}

/**
 * Whether PostgreSQL itself says it cannot serve right now: class 08 (connection exception), 57P01–57P05
 * (shutting down, crashed, starting up, idle session timeout), 57014 (statement timeout or cancel), 53300
 * (too many connections). Anything else with a code is an answer about the query: a bug or a bad input.
 */
function isPostgresOutageCode(code: string | undefined): boolean {
  if (!code) return false;
  return code.startsWith('08') || code.startsWith('57P') || code === '57014' || code === '53300';
}
