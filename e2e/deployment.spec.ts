import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import { startCommand } from '../tooling/dockerfile';
import { freePort } from '../tooling/ports';
import { DEMO_ADMIN, DEMO_SHOPPER } from '../tooling/seed/seed-generate';
import { databaseUrlNamed, dropDatabase, randomId } from '../tooling/run-env';
import { e2eEnv } from './support/run-env';

/*
 * The deployment path as the image runs it: the Dockerfile's start command (read from the file: migrate,
 * then `next start`) on a database that does not exist yet, as a fresh deployment's. It serves, and the
 * database holds no account and no catalog: the demo accounts come only from the demo and test tools.
 * (tooling/dockerfile.test.ts holds the image and compose to the rest.)
 */

test('the image’s start migrates a fresh database and serves, creating no account', async ({ request }) => {
  test.setTimeout(90_000);
  const databaseUrl = databaseUrlNamed(`storefront_deploy_${randomId()}`);
  const port = await freePort();
  const { REDIS_KEY_PREFIX, SESSION_SECRET } = e2eEnv();
  const server = spawn('sh', ['-c', startCommand()], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      REDIS_KEY_PREFIX,
      SESSION_SECRET,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout.on('data', (chunk) => (output += chunk));
  server.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => server.once('exit', resolve));
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const base = `http://127.0.0.1:${port}`;
    await expect
      .poll(async () => (await request.get(`${base}/api/health/live`).catch(() => null))?.status(), {
        message: 'the server answers /api/health/live',
        timeout: 60_000,
      })
      .toBe(200)
      .catch((error: Error) => {
        throw new Error(`${error.message}\n${output}`);
      });
    expect((await request.get(`${base}/api/health`)).status()).toBe(200);

    const [counts] = await sql<{ users: number; products: number }[]>`
      select (select count(*) from users)::int as users, (select count(*) from products)::int as products`;
    expect(counts).toEqual({ users: 0, products: 0 });
    for (const { email, password } of [DEMO_ADMIN, DEMO_SHOPPER]) {
      const login = await request.post(`${base}/api/auth/login`, { data: { email, password } });
      expect(login.status(), email).toBe(401);
    }
  } finally {
    // `exec` made the shell the server: SIGTERM drains it.
    server.kill('SIGTERM');
    await exited;
    await sql.end({ timeout: 5 });
    await dropDatabase(databaseUrl);
  }
});
