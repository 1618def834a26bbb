import { startNextInstance, type Instance } from '../../tooling/next-instance';
import { e2eEnv } from './run-env';

export type { Instance } from '../../tooling/next-instance';

/**
 * An extra `next start` beside Playwright's web server, on the same build, database, key prefix and secret
 * unless the test overrides them: a second instance behind the load balancer, or one whose Redis is gone.
 */
export function startInstance(env: Record<string, string> = {}): Promise<Instance> {
  const { DATABASE_URL, REDIS_KEY_PREFIX, SESSION_SECRET } = e2eEnv();
  // Room for the specs' parallel sign-ups, as Playwright's own server has (playwright.config.ts).
  return startNextInstance({
    DATABASE_URL,
    REDIS_KEY_PREFIX,
    SESSION_SECRET,
    PASSWORD_HASH_SLOTS: '8',
    ...env,
  });
}
