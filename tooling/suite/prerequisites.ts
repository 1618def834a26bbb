import { existsSync } from 'node:fs';
import { getConfig } from '../../lib/config';
import { ensureNginx } from '../scale-out/nginx';
import { requireServices } from '../services';
import { aptInstall } from '../apt';
import { CHROMIUM_PATH, HEADLESS_SHELL_PATH } from '../chromium';
import { StepFailed } from './command';

/* What the suite needs on the machine before its steps: the two services, a browser and nginx. */

type Write = (chunk: string) => void;

/** PostgreSQL and Redis at the configured addresses, started as `npm run demo` starts them when local. */
export async function checkServices(write: Write): Promise<void> {
  const print = (line: string) => write(`${line}\n`);
  if (!(await requireServices(getConfig(), { start: true, print })))
    throw new StepFailed('PostgreSQL or Redis is not answering (above)');
}

/** Debian's Chromium and its headless shell (tooling/chromium.ts), each installed (as root) when missing. */
export async function ensureChromium(write: Write): Promise<void> {
  const browsers = [
    { path: CHROMIUM_PATH, variable: 'CHROMIUM_PATH', debianPackage: 'chromium' },
    {
      path: HEADLESS_SHELL_PATH,
      variable: 'CHROMIUM_HEADLESS_SHELL_PATH',
      debianPackage: 'chromium-headless-shell',
    },
  ];
  const missing = browsers.filter((browser) => !existsSync(browser.path));
  for (const browser of browsers.filter((each) => !missing.includes(each)))
    write(`${browser.debianPackage}: ${browser.path}\n`);
  const misnamed = missing.find((browser) => process.env[browser.variable]);
  if (misnamed) throw new StepFailed(`${misnamed.variable}=${misnamed.path} does not exist`);
  if (missing.length === 0) return;

  const packages = missing.map((browser) => browser.debianPackage);
  write(`Not found: installing Debian's ${packages.join(' and ')} (apt-get)…\n`);
  if (process.getuid?.() !== 0) {
    throw new StepFailed(
      `${packages.join(' and ')} missing, and installing needs root: run \`apt-get install -y ${packages.join(' ')}\` as root, or set ${missing.map((browser) => browser.variable).join(' and ')}`,
    );
  }
  await aptInstall(packages, write);
  const still = missing.filter((browser) => !existsSync(browser.path));
  if (still.length > 0)
    throw new StepFailed(
      `apt-get installed ${packages.join(' ')}, but ${still.map((b) => b.path).join(', ')} is still missing`,
    );
}

/** Debian's nginx for the scale-out tests and drills, installed (as root) when missing. */
export async function checkNginx(write: Write): Promise<void> {
  try {
    write(`nginx: ${await ensureNginx((line) => write(`${line}\n`))}\n`);
  } catch (error) {
    throw new StepFailed(error instanceof Error ? error.message : String(error));
  }
}
