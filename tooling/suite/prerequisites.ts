import { existsSync } from 'node:fs';
import { getConfig } from '../../lib/config';
import { ensureNginx } from '../scale-out/nginx';
import { requireServices } from '../services';
import { aptInstall } from '../apt';
import { StepFailed } from './command';

/* What the suite needs on the machine before its steps: the two services, a browser and nginx. */

type Write = (chunk: string) => void;

/** PostgreSQL and Redis at the configured addresses, started as `npm run demo` starts them when local. */
export async function checkServices(write: Write): Promise<void> {
  const print = (line: string) => write(`${line}\n`);
  if (!(await requireServices(getConfig(), { start: true, print })))
    throw new StepFailed('PostgreSQL or Redis is not answering (above)');
}

/** Debian's Chromium for Playwright: CHROMIUM_PATH, else /usr/bin/chromium, else install the package. */
export async function ensureChromium(write: Write): Promise<void> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new StepFailed(`CHROMIUM_PATH=${configured} does not exist`);
    write(`Chromium: ${configured} (CHROMIUM_PATH)\n`);
    return;
  }
  const debian = '/usr/bin/chromium';
  if (existsSync(debian)) {
    write(`Chromium: ${debian}\n`);
    return;
  }
  write("Chromium not found: installing Debian's chromium package (apt-get)…\n");
  if (process.getuid?.() !== 0) {
    throw new StepFailed(
      'Chromium is missing and installing it needs root: run `apt-get install -y chromium` as root, or set CHROMIUM_PATH',
    );
  }
  await aptInstall(['chromium'], write);
  if (!existsSync(debian)) throw new StepFailed(`apt-get installed chromium, but ${debian} is still missing`);
}

/** Debian's nginx for the scale-out tests and drills, installed (as root) when missing. */
export async function checkNginx(write: Write): Promise<void> {
  try {
    write(`nginx: ${await ensureNginx((line) => write(`${line}\n`))}\n`);
  } catch (error) {
    throw new StepFailed(error instanceof Error ? error.message : String(error));
  }
}
