import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { redisServerPort } from './ports';

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
  /** The port; a free one from this worker's block (tried again when another process took it) if omitted. */
  port?: number;
  /** Extra `redis-server` arguments, e.g. ['--cluster-enabled', 'yes']. */
  args?: string[];
  /** Working directory; a fresh temporary one (removed on stop) when omitted. */
  dir?: string;
}

/** Another process's server (or another process) got the port first: try another one. */
export class PortTakenError extends Error {}

const ATTEMPTS = 5;

/** Starts `redis-server` on 127.0.0.1 and resolves once it answers PING, and it is this one answering. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServerProcess> {
  if (options.port !== undefined) return startOn(options.port, options);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOn(await redisServerPort(), options);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === ATTEMPTS) throw error;
    }
  }
}

async function startOn(port: number, options: RedisServerOptions): Promise<RedisServerProcess> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'storefront-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', [...args, '--dir', dir, ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cleanup = () => {
    // A save's forked child outlives a SIGKILLed server for a moment, still writing its temporary file
    // there (ENOTEMPTY once): retried, as rmSync can.
    if (ownDir) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  try {
    await waitForPing(port, child, 10_000);
    // Between the free-port check and the bind, someone else may have taken the port: then their server
    // answers the PING while ours exits with "Address already in use".
    if ((await serverPid(port)) !== child.pid) throw new PortTakenError(`port ${port} is another server's`);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    cleanup();
    if (/already in use/i.test(output)) throw new PortTakenError(`port ${port} is taken`);
    throw error;
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
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
    if ((await ask(port, 'PING')).startsWith('+PONG')) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server on port ${port} did not answer within ${timeoutMs} ms`);
}

/** The process id of the server answering on 127.0.0.1:`port` (INFO's process_id), or undefined. */
export async function serverPid(port: number): Promise<number | undefined> {
  const pidLine = /process_id:(\d+)\r\n/;
  const pid = pidLine.exec(await ask(port, 'INFO server', (reply) => pidLine.test(reply)))?.[1];
  return pid === undefined ? undefined : Number(pid);
}

/** Sends one inline command; resolves with the reply once `complete` (or at the first data), '' on failure. */
function ask(port: number, command: string, complete = (reply: string) => reply !== ''): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = () => {
      socket.destroy();
      resolve(reply);
    };
    socket.setTimeout(500, done);
    socket.once('error', done);
    socket.once('connect', () => socket.write(`${command}\r\n`));
    socket.on('data', (data) => {
      reply += data.toString();
      if (complete(reply)) done();
    });
  });
}
