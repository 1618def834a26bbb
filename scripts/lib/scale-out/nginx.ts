import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { GaveUp, OwnedProcess, waitFor } from './child';
import { renderNginxConfig } from './nginx-config';

const run = promisify(execFile);

export const NGINX_TEMPLATE = path.join(process.cwd(), 'deploy', 'nginx.conf');
export const NGINX_MAIN_TEMPLATE = path.join(process.cwd(), 'deploy', 'nginx-main.conf');
const CANDIDATES = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'];

/** nginx's path: Debian's, installed with apt-get (as root) when missing, as `npm test` installs Chromium. */
export async function ensureNginx(log: (line: string) => void = console.log): Promise<string> {
  const found = () => CANDIDATES.find((candidate) => existsSync(candidate));
  const existing = found();
  if (existing) return existing;
  if (process.getuid?.() !== 0) {
    throw new Error('nginx is missing and installing it needs root: run `apt-get install -y nginx` as root');
  }
  log("nginx not found: installing Debian's nginx package (apt-get)…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { env, maxBuffer: 64 << 20 });
  // policy-rc.d keeps the package from starting the system service where there is one; we never use it.
  await run('apt-get', ['install', '-y', '--no-install-recommends', 'nginx'], { env, maxBuffer: 64 << 20 });
  const installed = found();
  if (!installed) throw new Error('apt-get installed nginx, but no nginx binary was found');
  return installed;
}

export interface NginxOptions {
  binary: string;
  /** Absolute directory of its config, pid, logs and temporary files. */
  prefix: string;
  port: number;
  upstreams: string[];
}

/** A private nginx: its own prefix, config, pid and logs, in the foreground of a process we own. */
export class PrivateNginx {
  readonly configFile: string;
  private process?: OwnedProcess;

  constructor(private readonly options: NginxOptions) {
    this.configFile = path.join(options.prefix, 'nginx.conf');
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  async start(): Promise<void> {
    const { binary, prefix, port, upstreams } = this.options;
    mkdirSync(path.join(prefix, 'temp'), { recursive: true });
    const template = readFileSync(NGINX_TEMPLATE, 'utf8');
    const main = readFileSync(NGINX_MAIN_TEMPLATE, 'utf8');
    writeFileSync(
      this.configFile,
      renderNginxConfig({ main, template, upstreams, listen: `127.0.0.1:${port}`, prefix }),
    );
    // -e: the error log before the config is read (else the compiled-in /var/log/nginx/error.log).
    const args = ['-p', prefix, '-c', this.configFile, '-e', path.join(prefix, 'error.log')];
    await run(binary, [...args, '-t']);
    this.process = new OwnedProcess(
      'nginx',
      binary,
      [...args, '-g', 'daemon off;'],
      path.join(prefix, 'nginx.out'),
      {},
      // A SIGKILLed master leaves its workers running; SIGTERM makes it stop them.
      'SIGTERM',
    );
    const nginx = this.process;
    await waitFor(`nginx on port ${port}`, 10_000, async () => {
      if (!nginx.running) throw new GaveUp(`nginx exited; see ${path.join(prefix, 'error.log')}`);
      return isListening(port);
    });
  }

  async stop(): Promise<void> {
    // SIGQUIT: graceful (requests in flight finish); SIGTERM would cut them.
    await this.process?.stop('SIGQUIT', 5_000);
  }
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
