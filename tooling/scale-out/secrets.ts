import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What every instance must share so that any of them can answer any shopper: the session secret (kept
 * in .scale-out across runs, so sessions outlive a restart of the whole thing, unless SESSION_SECRET is
 * set) and the key Next.js encrypts server actions' bound arguments with (NEXT_SERVER_ACTIONS_ENCRYPTION_KEY,
 * made once per run unless set: one build's instances agree anyway, instances of two builds only with it).
 */
export function sharedSecrets(
  dir: string,
  env: Record<string, string | undefined> = process.env,
): Record<string, string> {
  return {
    SESSION_SECRET: env.SESSION_SECRET || keptSecret(path.join(dir, 'session-secret')),
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY:
      env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY || randomBytes(32).toString('base64'),
  };
}

function keptSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
