import { existsSync } from 'node:fs';
import path from 'node:path';
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

/**
 * The first of `binaries` that exists, installing Debian's `pkg` (as root) when none does: what the suite,
 * the drills and the scale-out need of the machine (Chromium, nginx, pgbouncer, Prometheus and its
 * exporters). Rejects saying what to run when it is not root, or when the package brought no binary.
 */
export async function ensureDebianBinary(
  pkg: string,
  binaries: readonly [string, ...string[]],
  log: (line: string) => void,
): Promise<string> {
  const found = () => binaries.find((binary) => existsSync(binary));
  const existing = found();
  if (existing) return existing;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${pkg} is missing and installing it needs root: run \`apt-get install -y ${pkg}\` as root`,
    );
  }
  log(`${path.basename(binaries[0])} not found: installing Debian's ${pkg} package (apt-get)…`);
  await aptInstall([pkg], () => {});
  const installed = found();
  if (!installed) throw new Error(`apt-get installed ${pkg}, but ${binaries.join(' or ')} is still missing`);
  return installed;
}
