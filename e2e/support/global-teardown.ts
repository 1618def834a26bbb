import { execFileSync } from 'node:child_process';
import { LONGEST_SHUTDOWN_MS } from '../../lib/lifecycle/graceful-shutdown';
import { signalAndWait } from '../../tooling/processes';
import { deleteKeysWithPrefix, dropDatabase } from '../../tooling/run-env';
import { e2eEnv } from './run-env';

/**
 * Stops the web server, then removes the run's database and its keys. Playwright stops the web server only
 * after this teardown: left running, its background work (the outbox sweeper, the sales' reload, the
 * hit-rate sampler) would go on against a dropped database, logging that it is gone every few seconds,
 * and write Redis keys after they were swept.
 */
export default async function globalTeardown(): Promise<void> {
  const env = e2eEnv();
  await stopWebServer(env.PORT);
  await Promise.all([dropDatabase(env.DATABASE_URL), deleteKeysWithPrefix(env.REDIS_KEY_PREFIX)]);
}

/** SIGTERM to the process listening on `port` (the run's own `next start`), then waits for its drain. */
async function stopWebServer(port: number): Promise<void> {
  const pid = listenerPid(port);
  if (pid !== undefined) await signalAndWait(pid, 'SIGTERM', LONGEST_SHUTDOWN_MS + 5_000);
}

/**
 * The pid behind the listening socket on `port`, as `ss` (iproute2) shows it. Without `ss`, none: Playwright
 * still stops the server afterwards, and the log has its complaints again.
 */
function listenerPid(port: number): number | undefined {
  try {
    const listening = execFileSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
    const pid = /pid=(\d+)/.exec(listening)?.[1];
    return pid ? Number(pid) : undefined;
  } catch (error) {
    console.warn(`e2e teardown: cannot find the web server's process (${(error as Error).message})`);
    return undefined;
  }
}
