import { randomBytes } from 'node:crypto';
import { freePort } from '../../tooling/ports';
import { databaseUrlNamed } from '../../tooling/run-env';

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

/** Picks the web server's port, once: called by playwright.config.ts before its first `e2eEnv()`. */
export async function pickE2ePort(): Promise<void> {
  process.env.E2E_PORT ??= String(await freePort());
}

export function e2eEnv(): E2eEnv {
  if (!process.env.E2E_PORT)
    throw new Error('e2eEnv() before pickE2ePort(): load playwright.config.ts first');
  process.env.E2E_RUN_ID ??= randomBytes(6).toString('hex');
  process.env.E2E_SESSION_SECRET ??= randomBytes(32).toString('base64url');
  const id = process.env.E2E_RUN_ID;
  return {
    DATABASE_URL: databaseUrlNamed(`storefront_e2e_${id}`),
    REDIS_KEY_PREFIX: `e2e:${id}:`,
    SESSION_SECRET: process.env.E2E_SESSION_SECRET,
    PORT: Number(process.env.E2E_PORT),
  };
}
