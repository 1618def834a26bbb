import { existsSync } from 'node:fs';
import { getConfig } from '../../lib/config';
import { ensureNginx } from '../scale-out/nginx';
import { requireServices } from '../services';
import { ensureDebianBinary } from '../apt';
import { FULL_CHROMIUM, HEADLESS_SHELL } from '../chromium';
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
  const log = (line: string) => write(`${line}\n`);
  for (const browser of [FULL_CHROMIUM, HEADLESS_SHELL]) {
    if (process.env[browser.variable] && !existsSync(browser.path))
      throw new StepFailed(`${browser.variable}=${browser.path} does not exist`);
    try {
      log(
        `${browser.debianPackage}: ${await ensureDebianBinary(browser.debianPackage, [browser.path], log)}`,
      );
    } catch (error) {
      throw new StepFailed(
        `${error instanceof Error ? error.message : String(error)}, or set ${browser.variable}`,
      );
    }
  }
}

/** Debian's nginx for the scale-out tests and drills, installed (as root) when missing. */
export async function checkNginx(write: Write): Promise<void> {
  try {
    write(`nginx: ${await ensureNginx((line) => write(`${line}\n`))}\n`);
  } catch (error) {
    throw new StepFailed(error instanceof Error ? error.message : String(error));
  }
}
