/*
 * What a PostgreSQL error says, read once for the whole storefront. Drizzle wraps the driver's error
 * (postgres.js) in its own, so the code sits somewhere down the `cause` chain.
 */

export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';
export const CHECK_VIOLATION = '23514';

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
export function isPostgresOutageCode(code: string | undefined): boolean {
  if (!code) return false;
  return code.startsWith('08') || code.startsWith('57P') || code === '57014' || code === '53300';
}
