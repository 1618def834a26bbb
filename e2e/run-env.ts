import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { databaseUrlNamed } from '../test/run-env';

/**
 * The end-to-end run's database, key prefix, secret and port. playwright.config.ts is loaded by the
 * runner and again by every worker; the first load picks the values and records them in process.env
 * (which the workers inherit), so every load, the global setup and the web server agree on them.
 */

export interface E2eEnv {
  DATABASE_URL: string;
  REDIS_KEY_PREFIX: string;
  SESSION_SECRET: string;
  PORT: number;
}

/** A port nothing listens on now: a child process binds port 0 and reports what it got. */
function freePort(): string {
  const script =
    "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim();
}

export function e2eEnv(): E2eEnv {
  process.env.E2E_RUN_ID ??= randomBytes(6).toString('hex');
  process.env.E2E_SESSION_SECRET ??= randomBytes(32).toString('base64url');
  process.env.E2E_PORT ??= freePort();
  const id = process.env.E2E_RUN_ID;
  return {
    DATABASE_URL: databaseUrlNamed(`storefront_e2e_${id}`),
    REDIS_KEY_PREFIX: `e2e:${id}:`,
    SESSION_SECRET: process.env.E2E_SESSION_SECRET,
    PORT: Number(process.env.E2E_PORT),
  };
}
