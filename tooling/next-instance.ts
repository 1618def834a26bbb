import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from './ports';

/**
 * A `next start` process on a free port, on the current production build: the end-to-end tests' extra
 * instances and the benchmarks' servers.
 */

export interface Instance {
  baseURL: string;
  process: ChildProcess;
  /** What the process printed, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

/** `next start` serves `.next`; without it every instance would die at once with a less helpful message. */
export function assertProductionBuild(): void {
  if (!existsSync('.next/BUILD_ID')) {
    throw new Error('no production build in .next: run `npm run build` first');
  }
}

async function waitForHttp(url: string, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`instance exited with ${child.exitCode}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(5000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`instance at ${url} did not answer in time`);
}

/**
 * For Playwright's own server (playwright.config.ts): the specs talk to it directly, without nginx, and
 * their clients keep connections open between requests. Node closes an idle one after 5 s; a request sent
 * on it at that moment fails with ECONNRESET (one e2e test did, in CI). nginx, in front of every real
 * deployment, drops its idle connections first (deploy/nginx.conf); here the server waits longer than any
 * pause in a spec. Not for the extra instances: those are drained in tests, and a drain waits for idle
 * connections to end (lib/lifecycle/graceful-shutdown.ts), as Node's own 5 s timeout makes them.
 */
export const KEEP_ALIVE = ['--keepAliveTimeout', '65000'];

/** Starts `next start` with `env` over this process's environment; resolves once it answers HTTP. */
export async function startNextInstance(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  let output = '';
  const child = spawn('node_modules/.bin/next', ['start', '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, NODE_ENV: 'production', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const baseURL = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForHttp(`${baseURL}/api/health`, child, Date.now() + 60_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return { baseURL, process: child, output: () => output, stop };
}
