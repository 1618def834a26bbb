import { runCommand } from './suite/command';

/*
 * Debian packages the suite and the scripts install when missing (Chromium, nginx, and the operator's
 * tools), one install at a time: `npm test` checks for nginx and Chromium in parallel steps, and two
 * apt-get runs at once fail on apt's lock ("Could not get lock /var/lib/apt/lists/lock"). flock serializes
 * ours, across processes too; apt's own lock timeout waits out anyone else's (an unattended upgrade).
 */

const LOCK_FILE = '/tmp/storefront-apt.lock';
const WAIT_SECONDS = 600;

/** Installs `packages` with apt-get (as root), after `apt-get update`. Rejects with the failing command. */
export async function aptInstall(packages: readonly string[], write: (chunk: string) => void): Promise<void> {
  const apt = `apt-get -o DPkg::Lock::Timeout=${WAIT_SECONDS}`;
  const script = `${apt} update && ${apt} install -y --no-install-recommends ${packages.join(' ')}`;
  await runCommand('flock', ['-w', String(WAIT_SECONDS), LOCK_FILE, 'sh', '-c', script], {
    env: { DEBIAN_FRONTEND: 'noninteractive' },
    write,
  });
}
