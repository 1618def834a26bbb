import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Private `redis-server` processes for tests and local tooling: on loopback, no persistence, in a temporary
 * directory. Whoever starts one stops it (tests in their teardown).
 */

export interface RedisServerProcess {
  readonly port: number;
  readonly url: string;
  /** Kills the server (SIGKILL: it has nothing to save) and waits for it to exit. */
  stop(): Promise<void>;
  /** Freezes (SIGSTOP) and thaws (SIGCONT) it: a "slow" Redis that accepts connections but never answers. */
  pause(): void;
  resume(): void;
}

export interface RedisServerOptions {
  port: number;
  /** Extra `redis-server` arguments, e.g. ['--cluster-enabled', 'yes']. */
  args?: string[];
  /** Working directory; a fresh temporary one (removed on stop) when omitted. */
  dir?: string;
}

/** Starts `redis-server` on 127.0.0.1:`port` and resolves once it answers PING. */
export async function startRedisServer(options: RedisServerOptions): Promise<RedisServerProcess> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'storefront-redis-'));
  const args = ['--port', String(options.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', [...args, '--dir', dir, ...(options.args ?? [])], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cleanup = () => {
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPing(options.port, child, 10_000);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    cleanup();
    throw error;
  }
  return {
    port: options.port,
    url: `redis://127.0.0.1:${options.port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
      }
      await exited;
      cleanup();
    },
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
  };
}

/** Resolves once something on 127.0.0.1:`port` answers PING with PONG. */
export async function waitForPing(port: number, child: ChildProcess | undefined, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`redis-server on port ${port} exited (${child.exitCode})`);
    if (await ping(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server on port ${port} did not answer within ${timeoutMs} ms`);
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** Whether nothing listens on 127.0.0.1:`port`. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A random free port in [min, max], with `also(port)` ports free too (a Cluster's bus ports, say). */
export async function findFreePort(min: number, max: number, also: (port: number) => number[] = () => []) {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = min + Math.floor(Math.random() * (max - min + 1));
    const ports = [port, ...also(port)];
    const free = await Promise.all(ports.map(isPortFree));
    if (free.every(Boolean)) return port;
  }
  throw new Error(`no free port found in ${min}..${max}`);
}
