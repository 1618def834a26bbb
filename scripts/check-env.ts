import { getConfig } from '../lib/config';
import { requireServices } from '../tooling/services';
import { loadEnv, runMain } from '../tooling/cli';

/*
 * `npm start`'s first step (the `prestart` script): the environment is checked before `next start` reads
 * PORT itself. Next.js refuses some bad ports with a message of its own and, for others (PORT=70000),
 * prints an unhandled rejection and exits 0; here every malformed variable stops the start with the one
 * line lib/config.ts writes, and exit status 1. The server checks again when it starts (instrumentation.ts).
 * Then PostgreSQL and Redis: one that is not answering stops the start with lines naming it, its address
 * and variable, and how to start it (instead of a server whose every page is a connection error). Nothing
 * is started from here: `npm start` serves what is configured, it does not set up the machine.
 */
runMain(async () => {
  loadEnv();
  const config = getConfig();
  const stopped = 'npm start stopped before starting the server.';
  if (!(await requireServices(config, { start: false, stopped }))) process.exitCode = 1;
});
