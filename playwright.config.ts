import { defineConfig, devices } from '@playwright/test';
import { e2eEnv, pickE2ePort } from './e2e/support/run-env';
import { CHROMIUM_ARGS, HEADLESS_SHELL_PATH } from './tooling/chromium';
import { KEEP_ALIVE } from './tooling/next-instance';

await pickE2ePort();
const env = e2eEnv();
const baseURL = `http://127.0.0.1:${env.PORT}`;

// Specs that load the machine or count its work: each runs alone, after everything else.
const STAMPEDE_SPEC = /(cache|page-cache|lighthouse|keyspace)\.spec\.ts/;
const SALE_SPEC = /(flash-sale|sale-live|sale-checkout|queue|queue-page)\.spec\.ts/;

const browser = {
  ...devices['Desktop Chrome'],
  // Debian's headless Chromium, never a downloaded browser (tooling/chromium.ts).
  launchOptions: { executablePath: HEADLESS_SHELL_PATH, args: CHROMIUM_ARGS },
};

export default defineConfig({
  testDir: 'e2e',
  // Two cores: the server and two browsers are all this machine runs well at once.
  workers: 2,
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  reporter: 'list',
  // A hang's bound, not a speed check: a spec that signs two shoppers up through the forms took past 30 s
  // on CI's two loaded cores (the unit tests run beside the first specs).
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Makes and seeds the run's database before the first test (the server only connects on a request).
  globalSetup: './e2e/support/global-setup.ts',
  globalTeardown: './e2e/support/global-teardown.ts',
  use: {
    baseURL,
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'chromium', testIgnore: [STAMPEDE_SPEC, SALE_SPEC], use: browser },
    // The stampede spec counts PostgreSQL's work under a 500-request rush: it runs alone, after the rest,
    // so another spec's browser does not starve the two servers it measures.
    // One file at a time (workers: 1): the stampede specs must not load the machine under each other's
    // timings (a page with Redis stopped must answer within 1 s).
    { name: 'rush', testMatch: STAMPEDE_SPEC, dependencies: ['chromium'], use: browser, workers: 1 },
    // The flash sale is 1,000 checkouts at once, the sale's opening a burst timed to the second, the live
    // sale 200 streams on two instances, the line's page a walk timed to a sale's start: after the stampede
    // spec, never beside it, and one file at a time.
    { name: 'sale', testMatch: SALE_SPEC, dependencies: ['rush'], use: browser, workers: 1 },
  ],
  // The production build made by `next build` beforehand (scripts/test.ts does it).
  webServer: {
    command: `node_modules/.bin/next start -H 127.0.0.1 -p ${env.PORT} ${KEEP_ALIVE.join(' ')}`,
    // Ready once the port answers: Playwright starts the server before the global setup runs, so a
    // health URL would wait forever on a database that does not exist yet.
    port: env.PORT,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'production',
      PORT: String(env.PORT),
      DATABASE_URL: env.DATABASE_URL,
      REDIS_KEY_PREFIX: env.REDIS_KEY_PREFIX,
      SESSION_SECRET: env.SESSION_SECRET,
      // Specs sign shoppers up in parallel on this one server: room for them, beside the machine's default
      // (lib/auth/hash-slots.ts), which drill 8 measures.
      PASSWORD_HASH_SLOTS: '8',
    },
  },
});
