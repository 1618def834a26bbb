import { getConfig } from '../lib/config';
import { loadEnv, runMain } from './lib/cli';

/*
 * `npm start`'s first step (the `prestart` script): the environment is checked before `next start` reads
 * PORT itself. Next.js refuses some bad ports with a message of its own and, for others (PORT=70000),
 * prints an unhandled rejection and exits 0; here every malformed variable stops the start with the one
 * line lib/config.ts writes, and exit status 1. The server checks again when it starts (instrumentation.ts).
 */
runMain(async () => {
  loadEnv();
  getConfig();
});
