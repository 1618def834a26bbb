import { ConfigError, getConfig } from './config';

/**
 * A bad environment stops the server at start with one line naming the variable, instead of failing on
 * the first request.
 */
export function checkConfigAtStart(): void {
  try {
    getConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
