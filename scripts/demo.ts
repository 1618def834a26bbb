import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { directDatabaseUrl, getConfig } from '../lib/config';
import { closeDb } from '../lib/db/client';
import { migrateDatabase } from '../lib/db/migrate';
import { requireServices } from '../tooling/services';
import { describeDatabase, loadEnv, runMain } from '../tooling/cli';
import { DEFAULT_PRODUCTS, runSeed } from '../tooling/seed/run-seed';

/*
 * `npm run demo`: from a fresh clone to a running production server in one command. Each step is
 * idempotent, so running it again only rebuilds and serves.
 */

const ENV_FILE = path.join(process.cwd(), '.env.local');
const NEXT_BIN = path.join(process.cwd(), 'node_modules', '.bin', 'next');

function step(message: string): void {
  console.log(`\n▸ ${message}`);
}

/** Production refuses to start without a session secret; make one the first time, keep it after. */
function ensureSessionSecret(): void {
  if (process.env.SESSION_SECRET) return;
  const existing = existsSync(ENV_FILE) ? readFileSync(ENV_FILE, 'utf8') : '';
  const secret = randomBytes(48).toString('base64url');
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  appendFileSync(ENV_FILE, `${separator}SESSION_SECRET=${secret}\n`, { mode: 0o600 });
  process.env.SESSION_SECRET = secret;
  console.log(`  generated SESSION_SECRET into ${path.basename(ENV_FILE)}`);
}

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    // Ctrl-C reaches the child through the terminal too; forwarding covers `kill <pid>` of this script.
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      // The shell convention, 128 + signal number, so an interrupted build does not count as success.
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

runMain(async () => {
  step('Environment');
  // .env files first, so a secret kept in any of them (not only .env.local) counts as present.
  loadEnv();
  ensureSessionSecret();
  const config = getConfig();

  step('PostgreSQL and Redis');
  // A local one that is not running is started here; any other stops the demo before it changes anything.
  const stopped =
    'Stopped before migrating: nothing was migrated, seeded or built. Run npm run demo again once they answer.';
  if (!(await requireServices(config, { start: true, stopped }))) {
    process.exitCode = 1;
    return;
  }

  step(`Migrating ${describeDatabase(directDatabaseUrl(config))}`);
  await migrateDatabase(directDatabaseUrl(config));

  step('Seeding the demo catalog (skipped when it already has products)');
  await runSeed({ products: DEFAULT_PRODUCTS, reset: false });
  // The server opens its own pool; this one would only sit idle for the life of the demo.
  await closeDb();

  step('Building (npm run build)');
  const buildCode = await run('npm', ['run', 'build']);
  if (buildCode !== 0) {
    console.error(`npm run build failed (exit status ${buildCode})`);
    process.exitCode = buildCode;
    return;
  }

  step(`Serving http://localhost:${config.PORT} (Ctrl-C to stop)`);
  process.exitCode = await run(NEXT_BIN, ['start', '--port', String(config.PORT)]);
});
