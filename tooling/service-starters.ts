import { execFile, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/*
 * How PostgreSQL and Redis are started on this machine, for tooling/services.ts: the command a person would
 * run, and (where this machine allows it) the same done for them. Servers started here outlive the
 * process that started them, as `.ci/run`'s do: they are detached from its process group, so a Ctrl-C of
 * `npm run demo` stops the store, not its database.
 */

export type ServiceName = 'PostgreSQL' | 'Redis';

export interface StartPlan {
  /** What a person runs to start it here (or to install it, when it is not). */
  command: string;
  /** The port the command's server listens on, when that is not the one asked for. */
  port?: number;
  /** Starts it; absent when that cannot be done for them, and then `unstartable` says why. */
  start?: () => Promise<StartedServer>;
  unstartable?: string;
}

export interface StartedServer {
  /** How it was started, for the one line saying so. */
  how: string;
  /** The server's process id, when known (a Redis started here: tests stop it by this). */
  pid?: number;
  /** Set once the process started has exited (a redis-server that could not bind, say). */
  exited?: () => string | undefined;
}

const run = promisify(execFile);

/** Whether `command` is an executable on PATH. */
export function installed(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export function startPlan(service: ServiceName, port: number): Promise<StartPlan> {
  return service === 'Redis' ? Promise.resolve(redisPlan(port)) : postgresPlan(port);
}

/** A redis-server on loopback without persistence (`.ci/run`'s settings), its log in a temporary directory. */
function redisPlan(port: number): StartPlan {
  if (!installed('redis-server')) {
    return {
      command: 'install Redis 7 (Debian: apt-get install redis-server), then run redis-server',
      unstartable: 'redis-server is not installed here',
    };
  }
  return {
    command: `redis-server --port ${port} --save '' --daemonize yes`,
    start: async () => {
      const dir = path.join(tmpdir(), `storefront-redis-${port}`);
      const log = path.join(dir, 'redis.log');
      mkdirSync(dir, { recursive: true });
      const args = [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '-::1',
        '--save',
        '',
        '--appendonly',
        'no',
      ];
      const child = spawn('redis-server', [...args, '--dir', dir, '--logfile', log], {
        detached: true,
        stdio: 'ignore',
      });
      child.unref();
      let exit: string | undefined;
      child.once('error', (error) => (exit = error.message));
      child.once('exit', (code) => (exit = `redis-server exited (${code}): ${lastLine(log)}`));
      return { how: `redis-server, log ${log}`, pid: child.pid, exited: () => exit };
    },
  };
}

/**
 * Debian's clusters (pg_lsclusters, pg_ctlcluster) when there are any, else `pg_ctl` on $PGDATA: without
 * PGDATA, which data directory to start is not known, so that is left to the person.
 */
async function postgresPlan(port: number): Promise<StartPlan> {
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  if (installed('pg_ctlcluster') && installed('pg_lsclusters')) {
    const clusters = await listClusters();
    const cluster = clusters.find((candidate) => candidate.port === port) ?? clusters[0];
    if (!cluster) {
      return {
        command: `${sudo}pg_createcluster <version> main --start`,
        unstartable: 'pg_lsclusters lists no PostgreSQL cluster here',
      };
    }
    const { version, name } = cluster;
    const command = `${sudo}pg_ctlcluster ${version} ${name} start`;
    if (cluster.port !== port) {
      return { command, port: cluster.port, unstartable: `no PostgreSQL cluster here uses port ${port}` };
    }
    // As `.ci/run` does: straight to pg_ctl, where systemd (absent in containers) would otherwise be asked.
    return {
      command,
      start: () => detached('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, 'start']),
    };
  }
  if (installed('pg_ctl')) {
    const data = process.env.PGDATA;
    if (!data) {
      return {
        command: 'pg_ctl -D <data directory> -l <log file> start',
        unstartable: 'PGDATA does not name the data directory for pg_ctl',
      };
    }
    const log = path.join(tmpdir(), 'storefront-postgres.log');
    return {
      command: `pg_ctl -D ${data} -l ${log} start`,
      start: () => detached('pg_ctl', ['-D', data, '-l', log, '-w', 'start']),
    };
  }
  return {
    command: 'install PostgreSQL 15 (Debian: apt-get install postgresql), then start it',
    unstartable: 'PostgreSQL is not installed here (no pg_ctlcluster, no pg_ctl)',
  };
}

interface Cluster {
  version: string;
  name: string;
  port: number;
}

async function listClusters(): Promise<Cluster[]> {
  try {
    const { stdout } = await run('pg_lsclusters', ['--no-header'], { timeout: 10_000 });
    return stdout
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields.length >= 3 && /^\d+$/.test(fields[2]!))
      .map(([version, name, port]) => ({ version: version!, name: name!, port: Number(port) }));
  } catch {
    return [];
  }
}

/** Runs a starter in a session of its own (so the server it leaves running is not in ours) to its end. */
function detached(command: string, args: string[]): Promise<StartedServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      const how = [command, ...args].join(' ');
      if (code === 0) resolve({ how });
      else reject(new Error(`${how} exited (${code})${stderr.trim() ? `: ${firstLine(stderr)}` : ''}`));
    });
  });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

function lastLine(file: string): string {
  if (!existsSync(file)) return 'no log';
  return readFileSync(file, 'utf8').trim().split('\n').at(-1) ?? '';
}
