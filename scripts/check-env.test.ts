import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// `npm start` with a malformed variable: one line naming it and a failed exit, before Next.js starts
// (which, for a port out of range, would print a stack-like rejection and exit 0).

function npmStart(env: Record<string, string>) {
  return spawnSync('npm', ['start', '--silent'], {
    // A port of this test's own (were the check to let it through, next start would serve on it).
    env: { ...process.env, NODE_ENV: 'production', PORT: '3402', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm start with a malformed variable', () => {
  it.each([
    ['PORT', '70000'],
    ['PORT', '1.5'],
    ['SESSION_IDLE_SECONDS', '-5'],
  ])('%s=%s stops with one line naming it', (name, value) => {
    const run = npmStart({ [name]: value });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid environment variable ${name}: `));
  });
});
