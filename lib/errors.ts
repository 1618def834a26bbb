/*
 * The two kinds of failure the data-access layer (lib/session, lib/auth, lib/cart) reports. Route handlers
 * and server actions map them in one place each (lib/http/handler.ts, lib/http/action.ts); anything else
 * is a bug and is logged as such.
 */

/** An outcome the caller can act on (unknown product, wrong password, …): a 4xx with a clear message. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields?: Record<string, string>,
    /** Seconds, for 429 answers (`Retry-After`). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/** Redis or PostgreSQL could not answer: a 503, never a crash, and the request changed nothing we know of. */
export class UnavailableError extends Error {
  constructor(
    readonly dependency: 'redis' | 'postgres',
    cause: unknown,
  ) {
    super(`${dependency} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'UnavailableError';
  }
}

/**
 * Runs one call to a dependency, turning its failures (refused connection, timeout, …) into an
 * UnavailableError. Our own RequestErrors pass through untouched.
 */
export async function callDependency<T>(
  dependency: 'redis' | 'postgres',
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof RequestError || error instanceof UnavailableError) throw error;
    throw new UnavailableError(dependency, error);
  }
}
