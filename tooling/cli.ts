import nextEnv from '@next/env';
import { ConfigError } from '../lib/config';
import { closeDb } from '../lib/db/client';

/** A mistake in the command line: printed with the usage, exit status 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Loads `.env*` files the way `next build` / `next start` do, so a script sees the same configuration
 * as the server. Variables already in the environment win. @next/env is CommonJS, hence the default
 * import.
 */
export function loadEnv(): void {
  const quiet = { info: () => {}, error: (...args: unknown[]) => console.error(...args) };
  nextEnv.loadEnvConfig(process.cwd(), false, quiet);
}

/**
 * Runs a script's body: configuration and usage errors become one line and a non-zero exit, and the
 * database pool is always closed so the process can end.
 */
export function runMain(main: () => Promise<void>): void {
  main()
    .catch((error: unknown) => {
      process.exitCode = report(error);
    })
    .finally(() => closeDb().catch(() => {}));
}

function report(error: unknown): number {
  if (error instanceof UsageError) {
    console.error(`error: ${error.message}\n${error.usage}`);
    return 2;
  }
  if (error instanceof ConfigError) {
    console.error(error.message);
    return 1;
  }
  // Unexpected: the message is usually enough (e.g. "connect ECONNREFUSED"); DEBUG=1 adds the stack.
  const message = error instanceof Error ? error.message : String(error);
  console.error(process.env.DEBUG && error instanceof Error ? error.stack : `error: ${message}`);
  return 1;
}

/** `host:port/name` of a database URL, for messages: never the password. */
export function describeDatabase(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.host}${url.pathname}`;
}
